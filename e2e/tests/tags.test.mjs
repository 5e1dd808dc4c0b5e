// Tags on connections: shown as chips in the list and the details panel; clicking
// one in the panel filters the list to the connections with that tag, and the
// filter comes off again with its own chip.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import path from 'node:path';
import { api, audit, EMAIL, launch, PASSWORD, SETUP_TOKEN, shots, startServer } from '../harness.mjs';

let server; let browser; let token;

before(async () => {
  server = await startServer();
  browser = await launch();
  await api(server.base, 'POST', '/setup', { token: SETUP_TOKEN, email: EMAIL, password: PASSWORD });
  token = (await api(server.base, 'POST', '/auth/login', { email: EMAIL, password: PASSWORD })).body.access_token;
  const make = async (name, tags, metadata) => {
    const r = await api(server.base, 'POST', '/connections', {
      app: 'github', name, fields: { token: 'ghp_' + 'a'.repeat(36) }, test: false, tags, metadata,
    }, token);
    assert.equal(r.status, 201, JSON.stringify(r.body));
  };
  // The first connection of an app is named Default.
  await make('Default', { end_user_id: '42', team: 'sales' }, { plan: 'pro' });
  await make('Ops bot', { end_user_id: '42', team: 'ops' });
  await make('Other', { end_user_id: '7' });
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('tags show as chips, and a chip filters the list', async () => {
  const ctx = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } }); // for axe-core
  const page = await ctx.newPage();
  await page.goto(server.base + '/login');
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const rows = page.locator('.group[data-app="github"] .row');
  await rows.nth(2).waitFor();
  assert.equal(await rows.count(), 3);
  await page.locator('.row', { hasText: 'Default' }).getByText('team: sales').waitFor();

  await page.locator('.row', { hasText: 'Default' }).click();
  const panel = page.getByRole('complementary', { name: 'Connection details' });
  const tags = panel.getByRole('group', { name: 'Tags' });
  await tags.getByRole('button', { name: 'Show connections tagged end_user_id: 42' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.group[data-app="github"] .row').length === 2);
  const filters = page.getByRole('group', { name: 'Tag filters' });
  await filters.getByRole('button', { name: 'Remove the filter end_user_id: 42' }).waitFor();
  await tags.getByRole('button', { name: 'Show connections tagged team: sales' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.group[data-app="github"] .row').length === 1);
  assert.equal(await rows.first().locator('.name').innerText(), 'Default');
  await panel.getByText('Metadata').click();
  await panel.getByText('"plan": "pro"').waitFor();
  await page.screenshot({ path: path.join(shots, 'tags-filtered.png'), fullPage: true });
  await audit(page, 'connections filtered by tags');

  // Off again, one chip at a time.
  await filters.getByRole('button', { name: 'Remove the filter team: sales' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.group[data-app="github"] .row').length === 2);
  await filters.getByRole('button', { name: 'Remove the filter end_user_id: 42' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.group[data-app="github"] .row').length === 3);
  assert.equal(await page.getByRole('group', { name: 'Tag filters' }).count(), 0);
  await ctx.close();
});
