import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import path from 'node:path';
import { api, customApp, EMAIL, fakeUpstream, launch, PASSWORD, SETUP_TOKEN, shots, startServer } from '../harness.mjs';

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

async function signIn(email) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error('page error:', e));
  await page.goto(server.base + '/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Connections', exact: true }).waitFor();
  return page;
}

test('a parent shares a connection, a child automates with it, deleting it pauses the automation', async () => {
  // Accounts and a local app through the API.
  await api(server.base, 'POST', '/setup', { token: SETUP_TOKEN, email: EMAIL, password: PASSWORD });
  const system = (await api(server.base, 'POST', '/auth/login', { email: EMAIL, password: PASSWORD })).body.access_token;
  await customApp(server.base, system, 'local-crm', 'Local CRM', upstream.url);
  const made = await api(server.base, 'POST', '/accounts', { name: 'Parent Co', admin: { email: 'parent@example.com', password: PASSWORD }, current_password: PASSWORD }, system);
  assert.equal(made.status, 201);
  const parentToken = (await api(server.base, 'POST', '/auth/login', { email: 'parent@example.com', password: PASSWORD })).body.access_token;
  const child = await api(server.base, 'POST', '/accounts', { name: 'Child Ltd', admin: { email: 'child@example.com', password: PASSWORD }, current_password: PASSWORD }, parentToken);
  assert.equal(child.status, 201);
  const conn = await api(server.base, 'POST', '/connections', { app: 'local-crm', fields: { api_token: 'good-team' } }, parentToken);
  assert.equal(conn.status, 201);

  // The parent shares it from the details panel.
  const parent = await signIn('parent@example.com');
  await parent.locator('.group[data-app="local-crm"] .row').first().click();
  const panel = parent.getByRole('complementary', { name: 'Connection details' });
  await panel.getByLabel('Share with child accounts').check();
  await parent.waitForFunction(async () => true);
  await panel.getByLabel('Share with child accounts').isChecked();
  await parent.screenshot({ path: path.join(shots, 'sharing-01-shared.png'), fullPage: true });
  for (let i = 0; i < 50; i++) {
    const c = await api(server.base, 'GET', `/connections/${conn.body.id}`, undefined, parentToken);
    if (c.body.shared_with_children) break;
    await new Promise((r) => setTimeout(r, 100));
  }

  // The child sees it under "Shared from parent", read-only.
  const kid = await signIn('child@example.com');
  await kid.getByRole('heading', { name: 'No connections yet' }).waitFor();
  await kid.getByRole('tab', { name: 'Shared from parent' }).click();
  await kid.locator('.group[data-app="local-crm"] .row').first().click();
  const kidPanel = kid.getByRole('complementary', { name: 'Connection details' });
  await kidPanel.getByText('Shared by').waitFor();
  assert.equal(await kidPanel.getByText('Parent Co').count(), 1);
  assert.equal(await kidPanel.getByRole('button', { name: 'Show credentials' }).count(), 0, 'no info icon for shared connections');
  assert.equal(await kidPanel.getByRole('button', { name: 'Delete' }).count(), 0);
  await kid.screenshot({ path: path.join(shots, 'sharing-02-child-view.png'), fullPage: true });

  // The child creates an automation that uses it.
  await kid.getByRole('link', { name: 'Automations' }).click();
  await kid.getByLabel('Name').fill('Child sync');
  await kid.getByLabel(/Local CRM \/ Default/).check();
  await kid.getByRole('button', { name: 'Create automation' }).click();
  await kid.locator('.automation[data-name="Child sync"] .badge', { hasText: 'Active' }).waitFor();

  // The parent's eye icon lists the child's automation.
  await parent.reload();
  await parent.locator('.group[data-app="local-crm"] .row').first().click();
  await panel.getByRole('button', { name: 'Automations using this connection' }).click();
  const dialog = parent.getByRole('dialog');
  await dialog.getByText('Child sync').waitFor();
  assert.equal(await dialog.getByText('Child Ltd').count(), 1);
  await parent.screenshot({ path: path.join(shots, 'sharing-03-usage.png'), fullPage: true });
  await parent.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });

  // Deleting shows the impact, and confirming pauses the child's automation.
  await panel.getByRole('button', { name: 'Delete' }).click();
  await dialog.getByRole('button', { name: 'Delete connection' }).click();
  await dialog.getByText('Deleting pauses 1 automation(s)').waitFor();
  await dialog.getByText('Child sync').waitFor();
  await parent.screenshot({ path: path.join(shots, 'sharing-04-impact.png'), fullPage: true });
  await dialog.getByRole('button', { name: 'Delete and pause them' }).click();
  await parent.getByRole('heading', { name: 'No connections yet' }).waitFor();

  await kid.reload();
  const card = kid.locator('.automation[data-name="Child sync"]');
  await card.locator('.badge', { hasText: 'Paused' }).waitFor();
  assert.match(await card.locator('.reason').textContent(), /Local CRM \/ Default.*was deleted/);
  await kid.screenshot({ path: path.join(shots, 'sharing-05-paused.png'), fullPage: true });
});
