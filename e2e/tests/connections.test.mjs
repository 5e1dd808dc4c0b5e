import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import path from 'node:path';
import { api, customApp, EMAIL, fakeUpstream, launch, PASSWORD, SETUP_TOKEN, shots, startServer } from '../harness.mjs';

let server; let upstream; let browser; let page;
const shot = (name) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });

before(async () => {
  server = await startServer();
  upstream = await fakeUpstream();
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.on('pageerror', (e) => console.error('page error:', e));
});

after(async () => {
  await browser?.close();
  upstream?.close();
  server?.stop();
});

test('setup, sign in, add, search, notes, reveal, delete', async () => {
  // First run: setup.
  await page.goto(server.base + '/');
  await page.waitForURL('**/setup');
  await page.getByLabel('Setup token').fill(SETUP_TOKEN);
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await shot('01-setup');
  await page.getByRole('button', { name: 'Create administrator' }).click();
  await page.getByRole('heading', { name: 'No connections yet' }).waitFor();
  await shot('02-empty');

  // Sign out and in again.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL('**/login**');
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill('wrong password!');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'not right' }).waitFor();
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'No connections yet' }).waitFor();

  // Two apps on loopback, one with a connection made through the API.
  const login = await api(server.base, 'POST', '/auth/login', { email: EMAIL, password: PASSWORD });
  const token = login.body.access_token;
  await customApp(server.base, token, 'local-crm', 'Local CRM', upstream.url);
  await customApp(server.base, token, 'billing-api', 'Billing API', upstream.url);
  const billing = await api(server.base, 'POST', '/connections', { app: 'billing-api', fields: { api_token: 'good-bill' } }, token);
  assert.equal(billing.status, 201);

  // Add a connection of an API-key app: the first is named Default.
  await page.getByRole('button', { name: 'Add connection' }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByPlaceholder('Search apps…').fill('local');
  await dialog.locator('[data-slug="local-crm"]').click();
  assert.equal(await dialog.getByLabel('Name').inputValue(), 'Default');
  await dialog.getByLabel('API token').fill('bad-token');
  await dialog.getByRole('button', { name: 'Test and save' }).click();
  await dialog.getByRole('alert').filter({ hasText: '401' }).waitFor();
  await shot('03-test-failed');
  await dialog.getByLabel('API token').fill('good-aaaa');
  await dialog.getByRole('button', { name: 'Test and save' }).click();
  await page.getByRole('complementary', { name: 'Connection details' }).getByText('owner-aaaa@crm.test').waitFor();
  await shot('04-first-added');

  // A second, named one.
  await page.getByRole('button', { name: 'Add connection' }).first().click();
  await dialog.getByPlaceholder('Search apps…').fill('crm');
  await dialog.locator('[data-slug="local-crm"]').click();
  assert.equal(await dialog.getByLabel('Name').inputValue(), '');
  await dialog.getByLabel('Name').fill('Work');
  await dialog.getByLabel('API token').fill('good-work');
  await dialog.getByRole('button', { name: 'Test and save' }).click();
  await page.locator('.group[data-app="local-crm"] .row').nth(1).waitFor();
  const names = await page.locator('.group[data-app="local-crm"] .row .name').allTextContents();
  assert.deepEqual(names, ['Default', 'Work']);
  assert.equal(await page.locator('.group[data-app="local-crm"] .count').textContent(), '2');

  // The search box narrows the list as letters are typed.
  const search = page.getByPlaceholder('Search by app, name or account…');
  assert.equal(await page.locator('.group').count(), 2);
  await search.pressSequentially('lo');
  await page.waitForFunction(() => document.querySelectorAll('.group').length === 1);
  assert.equal(await page.locator('.group').getAttribute('data-app'), 'local-crm');
  await search.pressSequentially('x');
  await page.getByText('No connection matches').waitFor();
  await search.fill('bill');
  await page.waitForFunction(() => document.querySelector('.group')?.dataset.app === 'billing-api');
  await shot('05-search');
  await search.fill('');
  await page.waitForFunction(() => document.querySelectorAll('.group').length === 2);

  // Notes survive a reload.
  await page.locator('.group[data-app="local-crm"] .row').first().click();
  const panel = page.getByRole('complementary', { name: 'Connection details' });
  // Every term of the details list has its value (a missing <dd> shifts the grid).
  await panel.locator('dl').first().waitFor();
  const tags = await panel.locator('dl').first().evaluate((dl) => [...dl.children].map((e) => e.tagName));
  assert.ok(tags.length >= 6 && tags.length % 2 === 0, tags.join(' '));
  for (let i = 0; i < tags.length; i += 2) assert.deepEqual([tags[i], tags[i + 1]], ['DT', 'DD'], tags.join(' '));
  assert.match(await panel.locator('dt', { hasText: 'Created' }).locator('+ dd').innerText(), /\d/);
  await panel.getByLabel('Notes').fill('Used by the nightly sync. Owner: ops.');
  await panel.getByRole('button', { name: 'Save notes' }).click();
  await panel.getByText('Notes saved.').waitFor();
  await page.reload();
  await page.locator('.group[data-app="local-crm"] .row').first().click();
  assert.equal(await panel.getByLabel('Notes').inputValue(), 'Used by the nightly sync. Owner: ops.');
  await shot('06-notes');

  // Reveal: a wrong password is refused, the right one shows the secret (masked until shown).
  await panel.getByRole('button', { name: 'Show credentials' }).click();
  await dialog.getByLabel('Your password').fill('not my password');
  await dialog.getByRole('button', { name: 'Show credentials' }).click();
  await dialog.getByRole('alert').filter({ hasText: 'not right' }).waitFor();
  await shot('07-reveal-wrong');
  await dialog.getByLabel('Your password').fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Show credentials' }).click();
  const row = panel.locator('.secret-row[data-field="api_token"]');
  await row.getByRole('button', { name: 'Show' }).waitFor();
  assert.equal(await row.locator('.value').textContent(), '••••••••');
  await row.getByRole('button', { name: 'Show' }).click();
  assert.equal(await row.locator('.value').textContent(), 'good-aaaa');
  await shot('08-revealed');
  // Escape closes dialogs; closing the panel forgets the secret.
  await panel.getByRole('button', { name: 'Close details' }).click();
  await page.locator('.group[data-app="local-crm"] .row').first().click();
  assert.equal(await panel.locator('.secret-row[data-field="api_token"] .value').textContent(), '••••••••');

  // Delete with confirmation.
  await panel.getByRole('button', { name: 'Delete' }).click();
  await dialog.getByRole('button', { name: 'Delete connection' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.group[data-app="local-crm"] .row').length === 1);
  assert.deepEqual(await page.locator('.group[data-app="local-crm"] .row .name').allTextContents(), ['Work']);
  await shot('09-deleted');

  // Narrow screens work too.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.locator('.group[data-app="local-crm"] .row').first().click();
  await panel.waitFor();
  await shot('10-mobile');
  await page.keyboard.press('Escape');
});
