// Every page of the web app passes an axe-core audit (WCAG 2.1 A and AA) with no
// violation, signed out and signed in, with connections in every status shown; and
// on a 390 px wide screen the header stays one row with a menu button.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import path from 'node:path';
import { api, audit, customApp, EMAIL, fakeUpstream, launch, PASSWORD, SETUP_TOKEN, shots, startServer } from '../harness.mjs';

let server; let upstream; let browser; let token;

before(async () => {
  server = await startServer();
  upstream = await fakeUpstream();
  browser = await launch();
  await api(server.base, 'POST', '/setup', { token: SETUP_TOKEN, email: EMAIL, password: PASSWORD });
  token = (await api(server.base, 'POST', '/auth/login', { email: EMAIL, password: PASSWORD })).body.access_token;
  await customApp(server.base, token, 'local-crm', 'Local CRM', upstream.url);
  const ok = await api(server.base, 'POST', '/connections', { app: 'local-crm', fields: { api_token: 'good-team' } }, token);
  assert.equal(ok.status, 201);
  // One that will fail its test: an `error` badge on the page.
  const bad = await api(server.base, 'POST', '/connections', { app: 'local-crm', name: 'Stale', fields: { api_token: 'good-stale' } }, token);
  assert.equal(bad.status, 201);
  await api(server.base, 'PUT', `/connections/${bad.body.id}/fields`, { fields: { api_token: 'revoked' }, test: false }, token);
  await api(server.base, 'POST', `/connections/${bad.body.id}/test`, {}, token);
  await api(server.base, 'POST', '/automations', { name: 'Nightly sync', connection_ids: [ok.body.id] }, token);
});

after(async () => {
  await browser?.close();
  upstream?.close();
  server?.stop();
});


test('every page passes axe-core with no WCAG 2.1 AA violation', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 }, bypassCSP: true });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error('page error:', e));
  await page.goto(server.base + '/login');
  await page.getByLabel('Email').waitFor();
  await audit(page, '/login');
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.group[data-app="local-crm"] .row').nth(1).waitFor();
  await audit(page, '/connections');
  await page.locator('.group[data-app="local-crm"] .row').first().click();
  await page.getByRole('complementary', { name: 'Connection details' }).getByLabel('Notes').waitFor();
  await audit(page, '/connections with details');
  await page.getByRole('button', { name: 'Add connection' }).first().click();
  await page.getByRole('dialog').getByPlaceholder('Search apps…').waitFor();
  await audit(page, 'add connection dialog');
  await page.keyboard.press('Escape');
  for (const [href, ready] of [['/automations', 'Nightly sync'], ['/api-keys', 'API keys'], ['/users', 'Users'],
    ['/accounts', 'Accounts'], ['/audit', 'Audit log'], ['/oauth-apps', 'OAuth apps'], ['/webhooks', 'No webhooks yet.']]) {
    await page.goto(server.base + href);
    await page.getByText(ready).first().waitFor();
    await page.waitForLoadState('networkidle');
    await audit(page, href);
  }
  await ctx.close();
});

test('on a 390 px screen the header is one row with a menu button', async () => {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await ctx.newPage();
  await page.goto(server.base + '/login');
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.group[data-app="local-crm"] .row').first().waitFor();
  const header = await page.locator('header.topbar').boundingBox();
  assert.ok(header.height <= 64, `header is ${header.height}px tall`);
  const audit = page.getByRole('link', { name: 'Audit log' });
  assert.equal(await audit.isVisible(), false, 'the links hide behind the menu');
  const menu = page.getByRole('button', { name: 'Menu' });
  await menu.click();
  assert.equal(await menu.getAttribute('aria-expanded'), 'true');
  await audit.click();
  await page.getByRole('heading', { name: 'Audit log' }).waitFor();
  await page.screenshot({ path: path.join(shots, 'a11y-390-menu.png') });
  await ctx.close();
});
