// Web app figures for the README (a measurement, not a test): first-load transfer,
// time from navigation to the connections list with 200 connections, and how long
// a search keystroke takes to update the list with 1,000 connections.
import { api, customApp, EMAIL, fakeUpstream, launch, PASSWORD, SETUP_TOKEN, startServer } from './harness.mjs';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const server = await startServer();
const upstream = await fakeUpstream();
const browser = await launch();
try {
  await api(server.base, 'POST', '/setup', { token: SETUP_TOKEN, email: EMAIL, password: PASSWORD });
  const token = (await api(server.base, 'POST', '/auth/login', { email: EMAIL, password: PASSWORD })).body.access_token;
  const apps = ['Acme CRM', 'Billing API', 'Calendar Hub', 'Data Lake', 'Email Relay', 'Forms Pro', 'Git Mirror', 'Help Desk'];
  for (const name of apps) await customApp(server.base, token, name.toLowerCase().replace(' ', '-'), name, upstream.url);
  const seed = async (from, to) => {
    const jobs = [];
    for (let i = from; i < to; i++) {
      const app = apps[i % apps.length].toLowerCase().replace(' ', '-');
      jobs.push(api(server.base, 'POST', '/connections', { app, name: `conn ${i}`, fields: { api_token: `good-${i}` }, test: false }, token));
      if (jobs.length === 20) { await Promise.all(jobs.splice(0)); }
    }
    await Promise.all(jobs);
  };
  await seed(0, 200);

  // Cold first load of the sign-in page: everything transferred.
  const cold = await browser.newContext();
  const p0 = await cold.newPage();
  const cdp = await cold.newCDPSession(p0);
  await cdp.send('Network.enable');
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
  await p0.goto(server.base + '/login');
  await p0.getByLabel('Email').waitFor();
  await p0.waitForTimeout(1000);
  const firstLoad = bytes;
  await p0.getByLabel('Email').fill(EMAIL);
  await p0.getByLabel('Password').fill(PASSWORD);
  await p0.getByRole('button', { name: 'Sign in' }).click();
  await p0.locator('.group').first().waitFor();

  // Navigation → list visible, signed in (refresh cookie), warm cache, 200 connections.
  const times = [];
  for (let i = 0; i < 7; i++) {
    await p0.goto(server.base + '/connections');
    await p0.locator('.group').first().waitFor();
    times.push(await p0.evaluate(() => performance.now()));
  }
  const rows200 = await p0.locator('.row').count();

  // 1,000 connections: keystroke → the server's answer shown (the list asks the
  // server as you type, 50 at a time). Done when the groups shown are the apps of
  // the server's first page for that text, in its order.
  await seed(200, 1000);
  await p0.goto(server.base + '/connections');
  await p0.locator('.row').first().waitFor();
  const search = p0.getByPlaceholder('Search by app, name or account…');
  const keystrokes = [];
  for (const text of ['h', 'he', '', 'g', 'gi', '']) {
    const page = (await api(server.base, 'GET', `/connections?limit=50&q=${encodeURIComponent(text)}`, undefined, token)).body;
    const expected = [...new Set(page.items.map((c) => c.app))];
    await search.fill(text === '' ? 'x' : text.slice(0, -1));
    await p0.waitForTimeout(400);
    const t = await p0.evaluate(async ([value, apps]) => {
      const input = document.querySelector('input[type=search]');
      const start = performance.now();
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      const shown = () => [...document.querySelectorAll('.group')].map((g) => g.dataset.app).join(',');
      while (shown() !== apps.join(',')) await new Promise((r) => requestAnimationFrame(r));
      return performance.now() - start;
    }, [text, expected]);
    keystrokes.push(t);
  }
  console.log(`first load (cold cache, sign-in page): ${(firstLoad / 1024).toFixed(0)} KiB transferred`);
  console.log(`navigation → list of ${rows200} connections visible: median ${median(times).toFixed(0)} ms (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}) over ${times.length} loads`);
  console.log(`search keystroke → server's answer shown (includes the 150-ms pause), 1,000 connections: median ${median(keystrokes).toFixed(1)} ms, max ${Math.max(...keystrokes).toFixed(1)} ms`);
} finally {
  await browser.close();
  upstream.close();
  server.stop();
}
