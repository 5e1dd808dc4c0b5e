// The details panel shows what a connection has been doing: a strip of its health
// checks (a test run from the panel adds one), its last events, and its proxied and
// rate-limited calls per hour.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import path from 'node:path';
import { api, audit, customApp, EMAIL, fakeUpstream, launch, PASSWORD, SETUP_TOKEN, shots, startServer } from '../harness.mjs';

let server; let upstream; let browser; let token; let id;

before(async () => {
  server = await startServer();
  upstream = await fakeUpstream();
  browser = await launch();
  await api(server.base, 'POST', '/setup', { token: SETUP_TOKEN, email: EMAIL, password: PASSWORD });
  token = (await api(server.base, 'POST', '/auth/login', { email: EMAIL, password: PASSWORD })).body.access_token;
  await customApp(server.base, token, 'local-crm', 'Local CRM', upstream.url);
  const c = await api(server.base, 'POST', '/connections', { app: 'local-crm', fields: { api_token: 'good-actv-canary' } }, token);
  assert.equal(c.status, 201);
  id = c.body.id;
  const key = await api(server.base, 'POST', '/api-keys', { name: 'robot', scopes: ['proxy'], current_password: PASSWORD }, token);
  assert.equal(key.status, 201);
  // 8 calls against a burst of 5 and one call an hour after it: 5 go through, 3 are refused.
  const limit = await api(server.base, 'PUT', `/connections/${id}/rate-limit`, { requests: 1, per_seconds: 3600, burst: 5 }, token);
  assert.equal(limit.status, 200);
  const statuses = await Promise.all(Array.from({ length: 8 }, () => fetch(`${server.base}/api/v1/connections/${id}/proxy/me`,
    { headers: { authorization: `Bearer ${key.body.key}` } }).then((r) => r.status)));
  assert.equal(statuses.filter((s) => s === 200).length, 5, String(statuses));
});

after(async () => {
  await browser?.close();
  upstream?.close();
  server?.stop();
});

test('the details panel shows health checks, last events and calls per hour', async () => {
  const ctx = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 1000 } }); // for axe-core
  const page = await ctx.newPage();
  await page.goto(server.base + '/login');
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.group[data-app="local-crm"] .row').first().click();
  const panel = page.getByRole('complementary', { name: 'Connection details' });

  const health = panel.getByRole('region', { name: 'Health checks' });
  await health.getByText('No checks yet.').waitFor();
  await health.getByText(/Next check/).waitFor();
  await panel.getByRole('button', { name: 'Test', exact: true }).click();
  await panel.getByText('Local CRM accepted the credentials.').waitFor();
  const strip = health.getByRole('list', { name: '1 check: 1 passed, 0 failed.' });
  await strip.waitFor();
  const mark = strip.getByRole('listitem');
  assert.equal(await mark.count(), 1);
  assert.match(await mark.getAttribute('title'), /^Test passed in \d+ ms, .*Local CRM accepted the credentials\.$/);

  const events = panel.getByRole('region', { name: 'Last events' });
  await events.getByText('connection.created').waitFor();

  const usage = panel.getByRole('region', { name: 'Proxied calls' });
  const chart = usage.getByRole('img', { name: /5 calls sent, 3 refused by the rate limit/ });
  await chart.waitFor();
  assert.equal(await usage.locator('rect.calls').count(), 1, 'one hour with calls');
  await page.screenshot({ path: path.join(shots, 'activity-panel.png'), fullPage: true });
  await audit(page, 'details panel with activity');

  const text = await panel.innerText();
  assert.ok(!text.includes('good-actv-canary'), 'no secret in the panel');
  await ctx.close();
});
