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
  assert.equal((await api(server.base, 'PUT', '/apps/fake-oauth/oauth-client', { client_id: 'e2e-client', client_secret: 'e2e-secret', current_password: PASSWORD }, token)).status, 200);

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
  const startUrl = page.url();
  // Sign-in happens in a popup that reports back and closes; this page stays put.
  const signIn = async (button) => {
    const popup = page.waitForEvent('popup');
    await button.click();
    await (await popup).waitForEvent('close');
  };
  await signIn(dialog.getByRole('button', { name: 'Connect with Fake OAuth' }));
  await page.getByText('Connected. The tokens are stored encrypted.').waitFor();
  assert.equal(page.url(), startUrl, 'no full-page trip');
  assert.equal(await page.getByRole('dialog').count(), 0);
  const panel = page.getByRole('complementary', { name: 'Connection details' });
  await panel.getByText('person@provider.test').waitFor();
  await page.screenshot({ path: path.join(shots, 'oauth-01-connected.png'), fullPage: true });
  const listed = await api(server.base, 'GET', '/connections', undefined, token);
  assert.equal(listed.body.items.length, 1);
  const id = listed.body.items[0].id;

  // Reconnect keeps the id.
  await panel.getByRole('button', { name: 'Update credentials' }).click();
  await signIn(page.getByRole('dialog').getByRole('button', { name: 'Reconnect with Fake OAuth' }));
  await page.getByText('Connected. The tokens are stored encrypted.').waitFor();
  await page.waitForFunction(() => !document.querySelector('[role=dialog]'));
  let all = (await api(server.base, 'GET', '/connections', undefined, token)).body.items;
  assert.deepEqual(all.map((c) => c.id), [id]);

  // Test.
  await panel.getByRole('button', { name: 'Test', exact: true }).click();
  await panel.getByText('Fake OAuth accepted the credentials.').waitFor();
  await page.screenshot({ path: path.join(shots, 'oauth-02-tested.png'), fullPage: true });

  // The provider revokes access: the next refresh is refused → needs reconnecting, with a banner.
  provider.state.expiresIn = 30; // within the one-minute refresh margin
  await panel.getByRole('button', { name: 'Update credentials' }).click();
  await signIn(page.getByRole('dialog').getByRole('button', { name: 'Reconnect with Fake OAuth' }));
  await page.waitForFunction(() => !document.querySelector('[role=dialog]'));
  provider.state.refuseRefresh = true;
  await panel.getByRole('button', { name: 'Test', exact: true }).click();
  await panel.getByText('needs reconnecting').first().waitFor();
  const banner = page.getByRole('alert').filter({ hasText: '1 connection needs reconnecting' });
  await banner.waitFor();
  await panel.locator('.badge', { hasText: /reconnect/i }).waitFor();
  await page.screenshot({ path: path.join(shots, 'oauth-03-needs-reconnect.png'), fullPage: true });
  all = (await api(server.base, 'GET', '/connections', undefined, token)).body.items;
  assert.equal(all[0].status, 'needs_reconnect');
  const audit = await api(server.base, 'GET', `/audit?connection_id=${id}&action=connection.needs_reconnect`, undefined, token);
  assert.equal(audit.body.items.length, 1);

  // Reconnect from the banner's connection: active again, banner gone.
  provider.state.refuseRefresh = false;
  provider.state.expiresIn = 3600;
  await banner.getByRole('button', { name: 'Fake OAuth / Default' }).click();
  await panel.getByRole('button', { name: 'Update credentials' }).click();
  await signIn(page.getByRole('dialog').getByRole('button', { name: 'Reconnect with Fake OAuth' }));
  await page.getByText('Connected. The tokens are stored encrypted.').waitFor();
  await page.waitForFunction(() => !document.querySelector('[role=alert]'));
  all = (await api(server.base, 'GET', '/connections', undefined, token)).body.items;
  assert.deepEqual(all.map((c) => [c.id, c.status]), [[id, 'active']]);

  // The rate limit: the app's default, then a system administrator's override.
  const rl = panel.getByRole('region', { name: 'Rate limit' });
  await rl.getByText('10 per 1 s, burst 5').waitFor();
  await rl.getByText('app default').waitFor();
  await rl.getByText('5 of 5 calls available now').waitFor();
  await rl.getByRole('button', { name: 'Change limit' }).click();
  await rl.getByLabel('Requests').fill('100');
  await rl.getByLabel('Burst').fill('50');
  await rl.getByRole('button', { name: 'Save override' }).click();
  await rl.getByText('100 per 1 s, burst 50').waitFor();
  await rl.getByText('override', { exact: true }).waitFor();
  await page.screenshot({ path: path.join(shots, 'oauth-05-rate-limit.png'), fullPage: true });
  const info = await api(server.base, 'GET', `/connections/${id}/rate-limit`, undefined, token);
  assert.equal(info.body.source, 'override');
  assert.equal(info.body.effective.burst, 50);
  await rl.getByRole('button', { name: 'Use app default' }).click();
  await rl.getByText('10 per 1 s, burst 5').waitFor();
});

test('a system administrator sets an OAuth client and copies the callback URL', async () => {
  const token = (await api(server.base, 'POST', '/auth/login', { email: EMAIL, password: PASSWORD })).body.access_token;
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  await page.goto(server.base + '/login');
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'OAuth apps' }).click();
  const card = page.getByRole('region', { name: 'Slack OAuth client' });
  await card.getByText('not configured').waitFor();
  await card.getByText(`${server.base}/api/v1/oauth/callback`).waitFor();
  await card.getByLabel('Client ID').fill('slack-client-id');
  await card.getByLabel('Client secret').fill('slack-secret-canary');
  await card.getByLabel('Your password').fill(PASSWORD);
  await card.getByRole('button', { name: 'Save client' }).click();
  await card.getByText('Saved.').waitFor();
  await card.getByText('configured', { exact: true }).waitFor();
  await page.screenshot({ path: path.join(shots, 'oauth-04-clients.png'), fullPage: true });
  const info = await api(server.base, 'GET', '/apps/slack/oauth-client', undefined, token);
  assert.equal(info.body.configured, true);
  assert.equal(info.body.client_id, 'slack-client-id');
  assert.ok(!JSON.stringify(info.body).includes('slack-secret-canary'));
  assert.equal(await card.getByLabel('Client secret').inputValue(), '', 'the secret is not kept in the form');
});
