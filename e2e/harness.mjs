// Starts the real release server on a free port with a fresh SQLite file and the
// built web app, a fake third-party API on loopback, and Chromium.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SETUP_TOKEN = 'e2e-setup-token';
export const EMAIL = 'admin@example.com';
export const PASSWORD = 'correct horse battery staple';
export const shots = path.join(root, 'e2e', 'screenshots');
mkdirSync(shots, { recursive: true });

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

/** A third-party API: GET /me answers 200 with an identity for `Bearer good-…` tokens. */
export async function fakeUpstream() {
  const server = createServer((req, res) => {
    const auth = req.headers.authorization || '';
    if (req.url === '/me' && auth.startsWith('Bearer good-')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ email: `owner-${auth.slice(12, 16)}@crm.test` }));
    } else {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"error":"unauthorized"}');
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

export async function startServer() {
  const port = await freePort();
  const data = mkdtempSync(path.join(tmpdir(), 'sb-e2e-'));
  const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(root, process.env.CARGO_TARGET_DIR) : path.join(root, 'target');
  const bin = process.env.SWITCHBOARD_BIN || path.join(targetDir, 'release', 'switchboard');
  const proc = spawn(bin, ['serve'], {
    env: {
      ...process.env,
      SWITCHBOARD_BIND: `127.0.0.1:${port}`,
      SWITCHBOARD_DATA_DIR: data,
      SWITCHBOARD_SETUP_TOKEN: SETUP_TOKEN,
      // The fake APIs and OAuth provider listen on loopback.
      SWITCHBOARD_ALLOWED_PRIVATE_HOSTS: '127.0.0.1',
      SWITCHBOARD_WEB_DIR: path.join(root, 'frontend', 'dist'),
      RUST_LOG: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  proc.stderr.on('data', (d) => { log += d; });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try { if ((await fetch(`${base}/readyz`)).ok) break; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    base,
    log: () => log,
    stop: () => { proc.kill('SIGTERM'); rmSync(data, { recursive: true, force: true }); },
  };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** JSON API calls from the test (not the browser). */
export async function api(base, method, p, body, token) {
  const r = await fetch(`${base}/api/v1${p}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

export async function customApp(base, token, slug, name, upstream) {
  const r = await api(base, 'POST', '/apps', {
    slug, name, category: 'crm', description: 'A CRM on loopback for the browser tests.',
    base_url: upstream,
    auth: { type: 'api_key', fields: [{ key: 'api_token', label: 'API token', secret: true, required: true, help: 'Settings → API' }],
      inject: [{ in: 'header', name: 'Authorization', value: 'Bearer {{api_token}}' }] },
    rate_limit: { requests: 10, per_seconds: 1, burst: 5 },
    test: { method: 'GET', path: '/me', expect_status: 200 },
    identity: { method: 'GET', path: '/me', pointer: '/email' },
  }, token);
  if (r.status !== 201) throw new Error(`custom app: ${JSON.stringify(r.body)}`);
}

/** An OAuth2 provider on loopback: /authorize redirects straight back with a code,
 *  /token checks client, code, redirect URI and the PKCE verifier, /userinfo names the account. */
export async function fakeOAuthProvider(clientId, clientSecret) {
  const { createHash } = await import('node:crypto');
  const codes = new Map();
  // Steered by the tests: token lifetime, and whether refreshes are refused (revoked access).
  const state = { expiresIn: 3600, refuseRefresh: false, refreshes: 0 };
  let n = 0;
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/authorize') {
      const code = `code-${++n}`;
      codes.set(code, { challenge: url.searchParams.get('code_challenge'), redirect: url.searchParams.get('redirect_uri') });
      res.writeHead(302, { location: `${url.searchParams.get('redirect_uri')}?code=${code}&state=${encodeURIComponent(url.searchParams.get('state'))}` });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const f = new URLSearchParams(body);
      const json = (status, value) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(value)); };
      if (f.get('client_id') !== clientId || f.get('client_secret') !== clientSecret) return json(401, { error: 'invalid_client' });
      if (f.get('grant_type') === 'refresh_token') {
        state.refreshes++;
        if (state.refuseRefresh) return json(400, { error: 'invalid_grant', error_description: 'access was revoked' });
        return json(200, { access_token: `at-r${state.refreshes}`, expires_in: state.expiresIn, token_type: 'Bearer' });
      }
      const entry = codes.get(f.get('code'));
      codes.delete(f.get('code'));
      const verifier = f.get('code_verifier') || '';
      const computed = createHash('sha256').update(verifier).digest('base64url');
      if (!entry || entry.challenge !== computed || entry.redirect !== f.get('redirect_uri')) return json(400, { error: 'invalid_grant' });
      return json(200, { access_token: `at-${f.get('code')}`, refresh_token: 'rt', expires_in: state.expiresIn, token_type: 'Bearer' });
    }
    if (url.pathname === '/userinfo') {
      const ok = (req.headers.authorization || '').startsWith('Bearer at-');
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      return res.end(ok ? '{"email":"person@provider.test"}' : '{}');
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, state, close: () => server.close() };
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Asserts axe-core finds no WCAG 2.1 A/AA violation on the page as it is now (the
 * page's context needs `bypassCSP: true` to take the axe script). */
export async function audit(page, label) {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ') + ' — ' + (n.any[0]?.message ?? n.failureSummary ?? '')) }));
  });
  assert.deepEqual(violations, [], `${label}: ${JSON.stringify(violations, null, 1)}`);
}
