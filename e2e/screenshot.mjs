// The README's picture of the connections page: a fresh server with a few
// connections, signed in, one connection's details open. `just screenshot`
// writes docs/img/connections.png (run it after changing the page).
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { api, EMAIL, launch, PASSWORD, SETUP_TOKEN, startServer } from './harness.mjs';

const out = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'docs', 'img', 'connections.png');
const server = await startServer();
const browser = await launch();
try {
  await api(server.base, 'POST', '/setup', { token: SETUP_TOKEN, email: EMAIL, password: PASSWORD });
  const token = (await api(server.base, 'POST', '/auth/login', { email: EMAIL, password: PASSWORD })).body.access_token;
  const make = async (app, name, fields, tags) => {
    const r = await api(server.base, 'POST', '/connections', { app, name, fields, test: false, tags }, token);
    if (r.status !== 201) throw new Error(`${app}/${name}: ${JSON.stringify(r.body)}`);
  };
  await make('github', 'Default', { token: 'ghp_' + 'a'.repeat(36) }, { team: 'platform' });
  await make('github', 'Release bot', { token: 'ghp_' + 'b'.repeat(36) }, { team: 'platform', env: 'prod' });
  await make('openai', 'Default', { api_key: 'sk-proj-' + '1'.repeat(32) }, { team: 'support' });
  await make('linear', 'Default', { api_key: 'lin_api_' + '2'.repeat(32) }, { team: 'platform' });
  await make('stripe', 'Default', { secret_key: 'sk_live_' + 'c'.repeat(24) }, { env: 'prod' });
  await make('stripe', 'Test mode', { secret_key: 'sk_test_' + 'd'.repeat(24) }, { env: 'staging' });

  const page = await (await browser.newContext({ viewport: { width: 1280, height: 760 } })).newPage();
  await page.goto(server.base + '/login');
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.group[data-app="stripe"] .row').nth(1).waitFor();
  await page.locator('.group[data-app="github"] .row', { hasText: 'Release bot' }).click();
  await page.getByRole('complementary', { name: 'Connection details' }).waitFor();
  mkdirSync(path.dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  server.stop();
}
