// A system administrator deletes a child account from the Accounts page: a
// confirmation names what goes, then the account, its user and its connection are
// gone (its key destroyed), and the page says what was deleted.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import path from 'node:path';
import { api, EMAIL, launch, PASSWORD, SETUP_TOKEN, shots, startServer } from '../harness.mjs';

let server; let browser; let token; let doomed;

before(async () => {
  server = await startServer();
  browser = await launch();
  await api(server.base, 'POST', '/setup', { token: SETUP_TOKEN, email: EMAIL, password: PASSWORD });
  token = (await api(server.base, 'POST', '/auth/login', { email: EMAIL, password: PASSWORD })).body.access_token;
  const created = await api(server.base, 'POST', '/accounts', {
    name: 'Doomed Ltd', admin: { email: 'doomed@example.com', password: PASSWORD }, current_password: PASSWORD,
  }, token);
  assert.equal(created.status, 201);
  doomed = created.body.account.id;
  const child = (await api(server.base, 'POST', '/auth/login', { email: 'doomed@example.com', password: PASSWORD })).body.access_token;
  const c = await api(server.base, 'POST', '/connections', { app: 'github', fields: { token: 'ghp_doomedcanaryxxxxxxxxxxxxxxxxxxxx' }, test: false }, child);
  assert.equal(c.status, 201);
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('a system administrator deletes a child account after confirming', async () => {
  const page = await browser.newPage();
  await page.goto(server.base + '/login');
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.goto(server.base + '/accounts');
  await page.getByRole('cell', { name: 'Doomed Ltd', exact: true }).waitFor();
  // The system account itself has no Delete button.
  assert.equal(await page.getByRole('button', { name: 'Delete System' }).count(), 0);
  await page.getByRole('button', { name: 'Delete Doomed Ltd' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete Doomed Ltd?' });
  await dialog.getByText('This cannot be undone').waitFor();
  await page.screenshot({ path: path.join(shots, 'accounts-delete-confirm.png') });
  await dialog.getByRole('button', { name: 'Delete account' }).click();
  await page.getByRole('status').filter({ hasText: 'Deleted Doomed Ltd: 1 accounts, 1 users, 1 connections, 0 automations.' }).waitFor();
  await page.getByRole('cell', { name: 'Doomed Ltd', exact: true }).waitFor({ state: 'detached', timeout: 5000 });
  const gone = await api(server.base, 'GET', `/accounts/${doomed}`, undefined, token);
  assert.equal(gone.status, 404);
  await page.close();
});
