// The connection list pages with the server's cursor ("Load more") and searches on
// the server: an account with more connections than a page shows 50, then all.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, customApp, EMAIL, fakeUpstream, launch, PASSWORD, SETUP_TOKEN, startServer } from '../harness.mjs';

let server; let upstream; let browser;

before(async () => {
  server = await startServer();
  upstream = await fakeUpstream();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  upstream?.close();
  server?.stop();
});

test('60 connections: 50 at first, all after "Load more", search asks the server', async () => {
  await api(server.base, 'POST', '/setup', { token: SETUP_TOKEN, email: EMAIL, password: PASSWORD });
  const token = (await api(server.base, 'POST', '/auth/login', { email: EMAIL, password: PASSWORD })).body.access_token;
  await customApp(server.base, token, 'local-crm', 'Local CRM', upstream.url);
  for (let i = 0; i < 60; i++) {
    const name = i === 0 ? undefined : `Team ${String(i).padStart(2, '0')}`;
    const r = await api(server.base, 'POST', '/connections', { app: 'local-crm', name, fields: { api_token: 'good-x' }, test: false }, token);
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await ctx.newPage();
  const asked = [];
  page.on('request', (r) => { if (r.url().includes('/api/v1/connections?')) asked.push(new URL(r.url()).search); });
  await page.goto(server.base + '/login');
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const rows = page.locator('.group[data-app="local-crm"] .row');
  await rows.nth(49).waitFor();
  assert.equal(await rows.count(), 50);
  await page.getByRole('button', { name: 'Load more' }).click();
  await rows.nth(59).waitFor();
  assert.equal(await rows.count(), 60);
  assert.equal(await page.getByRole('button', { name: 'Load more' }).count(), 0);

  // Typing "team 5" sends one debounced search, answered by the server.
  const before = asked.length;
  await page.getByPlaceholder('Search by app, name or account…').pressSequentially('team 5', { delay: 20 });
  await page.waitForFunction(() => document.querySelectorAll('.group .row').length === 10);
  const searches = asked.slice(before).filter((s) => s.includes('q='));
  assert.ok(searches.length >= 1 && searches.length <= 2, `searches sent: ${JSON.stringify(searches)}`);
  assert.ok(searches.at(-1).includes('q=team%205'), searches.at(-1));
  await ctx.close();
});
