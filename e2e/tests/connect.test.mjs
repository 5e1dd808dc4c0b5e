// The hosted connect page: a platform's end user, with no Switchboard login,
// connects an API-key app and an OAuth app through connect sessions, then
// reconnects the OAuth one in a popup that reports to its opener.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import path from 'node:path';
import { api, audit, customApp, EMAIL, fakeOAuthProvider, fakeUpstream, launch, PASSWORD, SETUP_TOKEN, shots, startServer } from '../harness.mjs';

let server; let upstream; let provider; let browser; let token;

before(async () => {
  server = await startServer();
  upstream = await fakeUpstream();
  provider = await fakeOAuthProvider('e2e-client', 'e2e-secret');
  browser = await launch();
  await api(server.base, 'POST', '/setup', { token: SETUP_TOKEN, email: EMAIL, password: PASSWORD });
  token = (await api(server.base, 'POST', '/auth/login', { email: EMAIL, password: PASSWORD })).body.access_token;
  await customApp(server.base, token, 'local-crm', 'Local CRM', upstream.url);
  const p = provider.url;
  const app = await api(server.base, 'POST', '/apps', {
    slug: 'fake-oauth', name: 'Fake OAuth', category: 'testing', base_url: p,
    auth: { type: 'oauth2', inject: [{ in: 'header', name: 'Authorization', value: 'Bearer {{access_token}}' }],
      oauth2: { grant: 'authorization_code', authorize_url: `${p}/authorize`, token_url: `${p}/token`, scopes: ['read'] } },
    rate_limit: { requests: 10, per_seconds: 1, burst: 5 },
    test: { method: 'GET', path: '/userinfo', expect_status: 200 },
    identity: { method: 'GET', path: '/userinfo', pointer: '/email' },
  }, token);
  assert.equal(app.status, 201);
  assert.equal((await api(server.base, 'PUT', '/apps/fake-oauth/oauth-client', { client_id: 'e2e-client', client_secret: 'e2e-secret', current_password: PASSWORD }, token)).status, 200);
});

after(async () => {
  await browser?.close();
  provider?.close();
  upstream?.close();
  server?.stop();
});

const ada = { id: '42', email: 'ada@customer.test', display_name: 'Ada Lovelace' };

async function session(body) {
  const r = await api(server.base, 'POST', '/connect/sessions', body, token);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

test('an end user connects and reconnects apps on the hosted page', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 }, bypassCSP: true });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error('page error:', e));

  // A link that does not exist: a clear page, no sign-in form.
  await page.goto(`${server.base}/connect/sbc_no-such-token`);
  await page.getByText('This connect link is not valid. Ask for a new one.').waitFor();
  assert.equal(await page.getByLabel('Password').count(), 0);

  // 1. An API-key app: the end user picks it, types the key, it is tested and stored.
  const s1 = await session({ end_user: ada, allowed_apps: ['local-crm', 'fake-oauth'], tags: { team: 'sales' } });
  assert.ok(s1.connect_url.startsWith(server.base + '/connect/sbc_'));
  await page.goto(s1.connect_url);
  await page.getByRole('heading', { name: 'Connect an account' }).waitFor();
  await page.getByText('System asks Ada Lovelace to connect an account.', { exact: false }).waitFor();
  const tiles = await page.locator('.app-tile').evaluateAll((els) => els.map((e) => e.dataset.slug));
  assert.deepEqual(tiles, ['fake-oauth', 'local-crm'], 'only the allowed apps, by name');
  await audit(page, 'connect page: apps');
  await page.screenshot({ path: path.join(shots, 'connect-01-apps.png'), fullPage: true });
  await page.locator('[data-slug="local-crm"]').click();
  await page.getByLabel('API token').fill('wrong-key');
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByRole('alert').first().waitFor();
  await audit(page, 'connect page: form with an error');
  await page.getByLabel('API token').fill('good-ada1');
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByText('Connected. You can close this window.').waitFor();
  let list = (await api(server.base, 'GET', '/connections?tag=end_user_id:42', undefined, token)).body.items;
  assert.equal(list.length, 1);
  assert.equal(list[0].name, 'Default');
  assert.equal(list[0].end_user.display_name, 'Ada Lovelace');
  assert.equal(list[0].tags.team, 'sales');
  // The link is used up.
  await page.goto(s1.connect_url);
  await page.getByText('This connect link was already used', { exact: false }).waitFor();

  // 2. An OAuth app: the page goes to the provider and the callback to the platform.
  const done = `${upstream.url}/integrations/done`;
  const s2 = await session({ end_user: ada, allowed_apps: ['fake-oauth'], success_url: done });
  await page.goto(s2.connect_url);
  await page.locator('[data-slug="fake-oauth"]').click();
  await page.getByRole('button', { name: 'Continue with Fake OAuth' }).click();
  await page.waitForURL((u) => u.href.startsWith(`${done}?connection_id=`));
  const back = new URL(page.url());
  assert.equal(back.searchParams.get('connect_session_id'), s2.id);
  const oauthId = back.searchParams.get('connection_id');
  const made = (await api(server.base, 'GET', `/connections/${oauthId}`, undefined, token)).body;
  assert.equal(made.app, 'fake-oauth');
  assert.equal(made.identity, 'person@provider.test');
  assert.equal(made.end_user.id, '42');
  const seen = (await api(server.base, 'GET', `/connect/sessions/${s2.id}`, undefined, token)).body;
  assert.equal(seen.status, 'used');
  assert.equal(seen.result_connection_id, oauthId);

  // 3. Reconnect in a popup opened by the platform's page: the outcome goes to
  // the opener with postMessage (its origin is allowed), and the id stays.
  const platform = new URL(upstream.url).origin;
  const s3 = await session({ end_user: ada, connection_id: oauthId, allowed_origins: [platform] });
  await page.goto(`${upstream.url}/app`);
  await page.evaluate(() => {
    window.messages = [];
    window.addEventListener('message', (e) => window.messages.push({ origin: e.origin, data: e.data }));
  });
  const popupPromise = page.waitForEvent('popup');
  await page.evaluate((url) => { window.open(url, 'connect', 'popup=yes,width=560,height=720'); }, s3.connect_url);
  const popup = await popupPromise;
  await popup.getByRole('heading', { name: 'Reconnect Default' }).waitFor();
  await popup.getByRole('button', { name: 'Continue with Fake OAuth' }).click();
  await popup.getByText('Connected. You can close this window.').waitFor();
  assert.ok(popup.url().startsWith(`${server.base}/connect/return?`), popup.url());
  await page.waitForFunction(() => window.messages.length > 0);
  await page.waitForTimeout(300); // a second (duplicate) message would arrive by now
  const messages = await page.evaluate(() => window.messages);
  assert.equal(messages.length, 1);
  assert.equal(messages[0].origin, server.base);
  assert.deepEqual(messages[0].data, { type: 'switchboard.connect', outcome: 'connected', connection_id: oauthId, connect_session_id: s3.id });
  await popup.screenshot({ path: path.join(shots, 'connect-02-reconnected.png'), fullPage: true });
  list = (await api(server.base, 'GET', '/connections?tag=end_user_id:42', undefined, token)).body.items;
  assert.deepEqual(list.map((c) => c.id).sort(), [list.find((c) => c.app === 'local-crm').id, oauthId].sort());
  await ctx.close();
});
