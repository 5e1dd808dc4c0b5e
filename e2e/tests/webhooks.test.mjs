// An account administrator adds a webhook on the Webhooks page: the secret is shown
// once, a test event reaches a receiver on loopback and verifies with the official
// standardwebhooks library, the delivery log shows it delivered, a failed delivery
// is retried from the log, and the endpoint is disabled.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { api, audit, EMAIL, launch, PASSWORD, SETUP_TOKEN, shots, startServer } from '../harness.mjs';

let server; let browser; let receiver; let status = 200;
const got = [];

before(async () => {
  server = await startServer();
  browser = await launch();
  await api(server.base, 'POST', '/setup', { token: SETUP_TOKEN, email: EMAIL, password: PASSWORD });
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.writeHead(status);
      res.end();
    });
  });
  await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
});

after(async () => {
  await browser?.close();
  server?.stop();
  receiver?.close();
});

async function until(check, what) {
  for (let i = 0; i < 100; i += 1) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

test('an administrator adds a webhook, sends a test, retries a failure and disables it', async () => {
  const ctx = await browser.newContext({ bypassCSP: true }); // for the axe-core script
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error('page error:', e));
  await page.goto(server.base + '/login');
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.getByRole('link', { name: 'Webhooks' }).click();
  await page.getByText('No webhooks yet.').waitFor();

  const url = `http://127.0.0.1:${receiver.address().port}/hook`;
  await page.getByLabel('URL').fill(url);
  await page.getByLabel('Description (optional)').fill('Platform alerts');
  await page.getByLabel('All events').uncheck();
  await page.getByLabel('connection.needs_reconnect').check();
  await page.getByRole('button', { name: 'Add endpoint' }).click();
  const dialog = page.getByRole('dialog', { name: "Your webhook's signing secret" });
  const secret = (await dialog.locator('code').textContent()).trim();
  assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
  await page.screenshot({ path: path.join(shots, 'webhooks-secret.png') });
  await dialog.getByRole('button', { name: 'Done' }).click();
  const row = page.getByRole('row').filter({ hasText: url });
  await row.getByText('connection.needs_reconnect').waitFor();
  await row.getByText('Enabled').waitFor();

  // A test event: delivered, and it verifies with the standard library.
  await row.getByRole('button', { name: 'Send test' }).click();
  await until(() => got.length === 1, 'the test delivery');
  const event = new Webhook(secret).verify(got[0].body, got[0].headers);
  assert.equal(event.type, 'webhook.test');
  const log = page.getByRole('region', { name: 'Deliveries' });
  await log.getByText('Delivered').waitFor();
  await log.getByText('webhook.test').waitFor();

  // The receiver refuses the next one for good (410); a retry from the log sends it again.
  status = 410;
  await row.getByRole('button', { name: 'Send test' }).click();
  await log.getByText('Failed').waitFor({ timeout: 10000 });
  status = 200;
  await log.getByRole('row').filter({ hasText: 'Failed' }).getByRole('button', { name: 'Retry' }).click();
  await until(() => got.length === 3, 'the retried delivery');
  assert.equal(got[2].headers['webhook-id'], got[1].headers['webhook-id']);
  await page.screenshot({ path: path.join(shots, 'webhooks-log.png') });
  await audit(page, '/webhooks with an endpoint and its delivery log');

  // Disabled: the test button is off.
  await row.getByRole('button', { name: 'Disable' }).click();
  await row.getByText('Disabled').waitFor();
  assert.equal(await row.getByRole('button', { name: 'Send test' }).isDisabled(), true);
  const token = (await api(server.base, 'POST', '/auth/login', { email: EMAIL, password: PASSWORD })).body.access_token;
  const hooks = await api(server.base, 'GET', '/webhooks', undefined, token);
  assert.equal(hooks.body.items[0].enabled, false);
  assert.equal(hooks.body.items[0].description, 'Platform alerts');

  // Deleting asks first.
  await row.getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete this webhook?' });
  await confirm.getByRole('button', { name: 'Delete webhook' }).click();
  await page.getByText('No webhooks yet.').waitFor();
  await ctx.close();
});
