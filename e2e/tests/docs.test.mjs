// The commands the documentation tells people to run, run as written on a scratch
// directory: the README's quick start (`just run`, then the setup token it prints)
// and every command block of docs/backup.md (SQLite online backup and restore;
// pg_dump and pg_restore when a PostgreSQL server is configured). Paths like
// /backups and /srv/switchboard are moved into the scratch directory; nothing else
// of the commands changes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { api, EMAIL, PASSWORD, SETUP_TOKEN } from '../harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(root, process.env.CARGO_TARGET_DIR) : path.join(root, 'target');
const binDir = path.join(targetDir, 'release');
const CANARY = 'ghp_docs' + 'k'.repeat(32);
let scratch;

before(() => { scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-docs-')); });
after(() => { if (scratch) fs.rmSync(scratch, { recursive: true, force: true }); });

/** The ```sh blocks of a Markdown file, in order. */
function shBlocks(file) {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  return [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/** Moves the guide's absolute paths into the scratch directory. */
function relocate(script) {
  return script
    .replaceAll('/backups', path.join(scratch, 'backups'))
    .replaceAll('/srv/switchboard', path.join(scratch, 'srv'))
    .replaceAll('/run/secrets/master.key', path.join(scratch, 'secrets', 'master.key'));
}

function freePort() {
  const out = execFileSync('python3', ['-c', 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])']);
  return Number(String(out).trim());
}

async function ready(base, proc, log) {
  for (let i = 0; i < 600; i++) {
    if (proc.exitCode !== null) throw new Error(`exited ${proc.exitCode}: ${log()}`);
    try { if ((await fetch(`${base}/readyz`)).ok) return; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not ready: ${log()}`);
}

/** Starts a command (a process group, so `just` and its children stop together). */
function start(cmd, args, env, cwd) {
  const proc = spawn(cmd, args, { env: { ...process.env, ...env }, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout.on('data', (d) => { log += d; });
  proc.stderr.on('data', (d) => { log += d; });
  const stop = () => new Promise((resolve) => {
    if (proc.exitCode !== null) return resolve(proc.exitCode);
    proc.on('exit', (code) => resolve(code));
    process.kill(-proc.pid, 'SIGTERM');
  });
  return { proc, log: () => log, stop };
}

/** A server on `env` with the admin set up and one connection holding CANARY. */
async function seeded(env) {
  const port = freePort();
  const s = start(path.join(binDir, 'switchboard'), ['serve'], { ...env, SWITCHBOARD_BIND: `127.0.0.1:${port}`, SWITCHBOARD_SETUP_TOKEN: SETUP_TOKEN });
  const base = `http://127.0.0.1:${port}`;
  await ready(base, s.proc, s.log);
  assert.equal((await api(base, 'POST', '/setup', { token: SETUP_TOKEN, email: EMAIL, password: PASSWORD })).status, 201);
  const token = (await api(base, 'POST', '/auth/login', { email: EMAIL, password: PASSWORD })).body.access_token;
  const c = await api(base, 'POST', '/connections', { app: 'github', fields: { token: CANARY }, test: false }, token);
  assert.equal(c.status, 201, JSON.stringify(c.body));
  return s;
}

/** The restored server has the admin, the connection, and the secret opens. */
async function holdsTheData(base) {
  const login = await api(base, 'POST', '/auth/login', { email: EMAIL, password: PASSWORD });
  assert.equal(login.status, 200, JSON.stringify(login.body));
  const token = login.body.access_token;
  const list = await api(base, 'GET', '/connections', undefined, token);
  assert.equal(list.body.items.length, 1);
  const shown = await api(base, 'POST', `/connections/${list.body.items[0].id}/reveal`, { password: PASSWORD }, token);
  assert.equal(shown.status, 200, JSON.stringify(shown.body));
  assert.equal(shown.body.fields.token, CANARY);
}

function bash(script, env, cwd) {
  const r = spawnSync('bash', ['-euo', 'pipefail', '-c', script], { env: { ...process.env, ...env }, cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, `${script}\n${r.stdout}\n${r.stderr}`);
  return r;
}

test('quick start: `just run` serves Switchboard, and the printed setup token sets it up', async () => {
  const block = shBlocks('README.md')[0];
  const run = block.split('\n').find((l) => l.startsWith('just run'));
  assert.ok(run, 'the quick start has `just run`');
  const port = freePort();
  const env = { SWITCHBOARD_BIND: `127.0.0.1:${port}`, SWITCHBOARD_DATA_DIR: path.join(scratch, 'quickstart') };
  const s = start('bash', ['-c', run.replace(/#.*$/, '')], env, root);
  const base = `http://127.0.0.1:${port}`;
  try {
    await ready(base, s.proc, s.log);
    const printed = s.log().match(/one-time setup token:\s+(\S+)/);
    assert.ok(printed, `no setup token printed: ${s.log()}`);
    assert.ok(fs.existsSync(path.join(scratch, 'quickstart', 'master.key')), 'a master key was generated');
    const r = await api(base, 'POST', '/setup', { token: printed[1], email: EMAIL, password: PASSWORD });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal((await api(base, 'POST', '/auth/login', { email: EMAIL, password: PASSWORD })).status, 200);
    assert.match(await (await fetch(base + '/')).text(), /<html/i, 'the web app is served');
  } finally {
    // SIGTERM to `just`, cargo and the server together; the server is gone after.
    await s.stop();
  }
  let gone = false;
  for (let i = 0; i < 100 && !gone; i++) {
    gone = await fetch(`${base}/readyz`).then(() => false, () => true);
    if (!gone) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(gone, 'the server stopped on SIGTERM');
});

test('docs/backup.md, SQLite: backup while running, restore into an empty directory, serve', async () => {
  const [backup, restore] = shBlocks('docs/backup.md');
  const data = path.join(scratch, 'live');
  const live = await seeded({ SWITCHBOARD_DATA_DIR: data });
  const port = freePort();
  let pid;
  try {
    fs.mkdirSync(path.join(scratch, 'backups'));
    fs.mkdirSync(path.join(scratch, 'secrets'));
    fs.copyFileSync(path.join(data, 'master.key'), path.join(scratch, 'secrets', 'master.key'));
    // The restored server runs in the background of the same script; its pid is kept.
    const script = relocate(`${backup}\n${restore}`).replace(/(switchboard serve)\s*$/m, '$1 >serve.log 2>&1 &\necho $! > serve.pid');
    bash(script, { PATH: `${binDir}:${process.env.PATH}`, SWITCHBOARD_DATA_DIR: data, SWITCHBOARD_BIND: `127.0.0.1:${port}` }, scratch);
    pid = Number(fs.readFileSync(path.join(scratch, 'serve.pid'), 'utf8'));
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 200 && !(await fetch(`${base}/readyz`).then((r) => r.ok, () => false)); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await holdsTheData(base);
  } finally {
    if (pid) process.kill(pid, 'SIGTERM');
    await live.stop();
  }
});

test('docs/backup.md, PostgreSQL: pg_dump, pg_restore into an empty database, serve', async (t) => {
  const admin = process.env.SWITCHBOARD_TEST_POSTGRES_URL;
  if (!admin) { t.skip('SWITCHBOARD_TEST_POSTGRES_URL is not set'); return; }
  const [, , pg] = shBlocks('docs/backup.md');
  const names = ['a', 'b'].map((x) => `sb_docs_${process.pid}_${x}`);
  const url = (name) => admin.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
  const psql = (sql) => execFileSync('psql', [admin, '-qAtc', sql]);
  names.forEach((n) => psql(`CREATE DATABASE ${n}`));
  const data = path.join(scratch, 'pg');
  let restored;
  try {
    const live = await seeded({ SWITCHBOARD_DATA_DIR: data, SWITCHBOARD_DATABASE_URL: url(names[0]) });
    await live.stop();
    bash(relocate(pg), { SWITCHBOARD_DATABASE_URL: url(names[0]), EMPTY_DATABASE_URL: url(names[1]) }, scratch);
    const port = freePort();
    restored = start(path.join(binDir, 'switchboard'), ['serve'], {
      SWITCHBOARD_BIND: `127.0.0.1:${port}`,
      SWITCHBOARD_DATABASE_URL: url(names[1]),
      SWITCHBOARD_DATA_DIR: path.join(scratch, 'pg-restored'),
      SWITCHBOARD_MASTER_KEY_FILE: path.join(data, 'master.key'),
    });
    await ready(`http://127.0.0.1:${port}`, restored.proc, restored.log);
    await holdsTheData(`http://127.0.0.1:${port}`);
  } finally {
    await restored?.stop();
    names.forEach((n) => psql(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`));
  }
});
