import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import path from 'node:path';
import { api, EMAIL, fakeOAuthProvider, launch, PASSWORD, SETUP_TOKEN, shots, startServer } from '../harness.mjs';

let server; let provider; let browser;
before(async () => {
  server = await startServer();
  provider = await fakeOAuthProvider('e2e-client', 'e2e-secret');
  browser = await launch();
});
after(async () => {
  await browser?.close();
  provider?.close();
  server?.stop();
});

test('connect, reconnect and test an OAuth2 app through the web app', async () => {
  await api(server.base, 'POST', '/setup', { token: SETUP_TOKEN, email: EMAIL, password: PASSWORD });
  const token = (await api(server.base, 'POST', '/auth/login', { email: EMAIL, password: PASSWORD })).body.access_token;
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
  assert.equal((await api(server.base, 'PUT', '/apps/fake-oauth/oauth-client', { client_id: 'e2e-client', client_secret: 'e2e-secret' }, token)).status, 200);

  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.goto(server.base + '/login');
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'No connections yet' }).waitFor();

  await page.getByRole('button', { name: 'Add connection' }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByPlaceholder('Search apps…').fill('fake');
  await dialog.locator('[data-slug="fake-oauth"]').click();
  await dialog.getByRole('button', { name: 'Connect with Fake OAuth' }).click();
  await page.waitForURL('**/connections?oauth=connected**');
  await page.getByText('Connected. The tokens are stored encrypted.').waitFor();
  const panel = page.getByRole('complementary', { name: 'Connection details' });
  await panel.getByText('person@provider.test').waitFor();
  const firstUrl = page.url();
  await page.screenshot({ path: path.join(shots, 'oauth-01-connected.png'), fullPage: true });

  // Reconnect keeps the id.
  await panel.getByRole('button', { name: 'Update credentials' }).click();
  // The trip to the provider and back ends in one page load (the URL is the same as before).
  const back = page.waitForEvent('load');
  await dialog.getByRole('button', { name: 'Reconnect with Fake OAuth' }).click();
  await back;
  await page.getByText('Connected. The tokens are stored encrypted.').waitFor();
  assert.equal(await page.getByRole('dialog').count(), 0);
  assert.equal(new URL(page.url()).searchParams.get('connection'), new URL(firstUrl).searchParams.get('connection'));

  // Test.
  await panel.getByRole('button', { name: 'Test', exact: true }).click();
  await panel.getByText('Fake OAuth accepted the credentials.').waitFor();
  await page.screenshot({ path: path.join(shots, 'oauth-02-tested.png'), fullPage: true });
  const list = await api(server.base, 'GET', '/connections', undefined, token);
  assert.equal(list.body.items.length, 1);
});
