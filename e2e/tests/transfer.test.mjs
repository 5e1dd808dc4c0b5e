// An administrator exports the account's connections from the connections page (a
// download encrypted with a passphrase), imports that file back (already there:
// skipped, with the reason shown), and imports n8n's credentials file (one created,
// an unknown type reported as failed). Both dialogs pass axe-core.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { api, EMAIL, launch, PASSWORD, SETUP_TOKEN, shots, startServer } from '../harness.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const PASSPHRASE = 'a long export passphrase';
let server; let browser; let token; let dir;

before(async () => {
  server = await startServer();
  browser = await launch();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-transfer-'));
  await api(server.base, 'POST', '/setup', { token: SETUP_TOKEN, email: EMAIL, password: PASSWORD });
  token = (await api(server.base, 'POST', '/auth/login', { email: EMAIL, password: PASSWORD })).body.access_token;
  for (const name of ['Team', 'Ops']) {
    const c = await api(server.base, 'POST', '/connections', { app: 'github', name, fields: { token: `ghp_transfer${name}xxxxxxxxxxxxxxxxxxxxxx` }, test: false }, token);
    assert.equal(c.status, 201);
  }
});

after(async () => {
  await browser?.close();
  server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function audit(page, label) {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
  assert.deepEqual(violations, [], `${label}: ${JSON.stringify(violations, null, 1)}`);
}

test('an administrator exports, imports the export again, and imports from n8n', async () => {
  const ctx = await browser.newContext({ acceptDownloads: true, bypassCSP: true });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error('page error:', e));
  await page.goto(server.base + '/login');
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.group[data-app="github"] .row').nth(1).waitFor();

  // Export: password, passphrase twice, then a download.
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const exportDialog = page.getByRole('dialog', { name: 'Export connections' });
  await exportDialog.getByLabel('Your password').fill(PASSWORD);
  await exportDialog.getByLabel('Passphrase for the file').fill(PASSPHRASE);
  await exportDialog.getByLabel('Passphrase again').fill(PASSPHRASE);
  await audit(page, 'export dialog');
  const downloading = page.waitForEvent('download');
  await exportDialog.getByRole('button', { name: 'Export', exact: true }).click();
  const download = await downloading;
  assert.match(download.suggestedFilename(), /^switchboard-export-\d{8}-\d{6}\.age$/);
  const file = path.join(dir, download.suggestedFilename());
  await download.saveAs(file);
  const bytes = fs.readFileSync(file);
  assert.equal(bytes.subarray(0, 21).toString(), 'age-encryption.org/v1');
  assert.ok(!bytes.toString('latin1').includes('ghp_transfer'), 'the file is encrypted');
  await exportDialog.getByRole('status').filter({ hasText: 'Downloaded switchboard-export-' }).waitFor();
  await page.screenshot({ path: path.join(shots, 'transfer-exported.png') });
  await exportDialog.getByRole('button', { name: 'Done' }).click();

  // Import the same file: both connections are here already.
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  let importDialog = page.getByRole('dialog', { name: 'Import connections' });
  await importDialog.getByLabel('File to import').setInputFiles(file);
  await importDialog.getByLabel("The file's passphrase").fill(PASSPHRASE);
  await audit(page, 'import dialog');
  await importDialog.getByRole('button', { name: 'Import', exact: true }).click();
  await importDialog.getByRole('status').filter({ hasText: '0 created, 2 skipped, 0 renamed, 0 replaced, 0 failed.' }).waitFor();
  assert.equal(await importDialog.getByRole('cell', { name: 'skipped' }).count(), 2);
  await importDialog.getByRole('button', { name: 'Done' }).click();

  // From n8n: one Notion credential, one type no app takes.
  const n8n = path.join(dir, 'n8n.json');
  fs.writeFileSync(n8n, JSON.stringify([
    { id: 'a1', name: 'Notion account', type: 'notionApi', data: { apiKey: 'secret_e2eNotionToken0001' }, createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z', isManaged: false },
    { id: 'a2', name: 'Internal thing', type: 'acmeInternalApi', data: { token: 'x' }, createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z', isManaged: false },
  ]));
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  importDialog = page.getByRole('dialog', { name: 'Import connections' });
  await importDialog.getByLabel('From n8n').check();
  assert.equal(await importDialog.getByLabel("The file's passphrase").count(), 0, 'no passphrase for n8n files');
  await importDialog.getByLabel('File to import').setInputFiles(n8n);
  await importDialog.getByRole('button', { name: 'Import', exact: true }).click();
  await importDialog.getByRole('status').filter({ hasText: '1 created, 0 skipped, 0 renamed, 0 replaced, 1 failed.' }).waitFor();
  await importDialog.getByRole('cell', { name: /no catalog app takes this credential type/ }).waitFor();
  await page.screenshot({ path: path.join(shots, 'transfer-n8n-report.png') });
  await importDialog.getByRole('button', { name: 'Done' }).click();
  await page.locator('.group[data-app="notion"] .row').first().waitFor();
  await ctx.close();
});
