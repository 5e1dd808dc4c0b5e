import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, EMAIL, launch, PASSWORD, SETUP_TOKEN, startServer } from '../harness.mjs';

let server; let browser; let page;

before(async () => {
  server = await startServer();
  const r = await api(server.base, 'POST', '/setup', { token: SETUP_TOKEN, email: EMAIL, password: PASSWORD });
  assert.equal(r.status, 201);
  browser = await launch();
  page = await browser.newPage();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

async function signIn(next) {
  await page.goto(`${server.base}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('after sign-in the app stays on its own origin, whatever next says', async () => {
  // Browsers read "/\host" as "//host": a sign-in must not send the user there.
  await signIn('/\\evil.example/x');
  await page.getByRole('heading', { name: 'No connections yet' }).waitFor();
  const url = new URL(page.url());
  assert.equal(url.origin, server.base);
  assert.equal(url.pathname, '/connections');

  // A page of the app is honoured.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL('**/login**');
  await signIn('/audit');
  await page.waitForURL(`${server.base}/audit`);
});

test('a signed-in user changes their password: the current one is needed, then every session ends', async () => {
  // Still signed in from the test above.
  await page.goto(`${server.base}/connections`);
  await page.getByRole('heading', { name: 'No connections yet' }).waitFor();
  await page.getByRole('button', { name: 'Password', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Current password').fill('not my password');
  await dialog.getByLabel('New password').fill('a brand new long password');
  await dialog.getByRole('button', { name: 'Change password' }).click();
  await dialog.getByRole('alert').filter({ hasText: 'not right' }).waitFor();
  await dialog.getByLabel('Current password').fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Change password' }).click();
  await page.waitForURL('**/login**');
  const old = await api(server.base, 'POST', '/auth/login', { email: EMAIL, password: PASSWORD });
  assert.equal(old.status, 401);
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill('a brand new long password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'No connections yet' }).waitFor();
});
