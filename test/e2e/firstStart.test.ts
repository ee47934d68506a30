import { generateKeyPairSync } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_USERS } from '../../server/seed/demoUsers.js';

/** Production refuses to start without an editorial signing key: a throwaway one. */
const testSigningKey = () =>
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * Starts the real process entry, as `npm start` does, on a fresh data folder: one process (tsx as a
 * loader), so a SIGTERM reaches the app itself. tsx's CLI would relay it to a child and, if that child
 * is busy seeding for more than 30 ms, exit 143 without waiting for its graceful stop.
 */
function startProcess(env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (out += c));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no start within 60 s:\n' + out)), 60_000);
    const check = () => {
      const m = /running at (http:\/\/\S+?)\/ /.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1], output: () => out, exited });
      }
    };
    child.stdout.on('data', check);
    void exited.then((code) => reject(new Error(`exited ${code}:\n${out}`)));
  });
}

async function login(url: string, email: string, password: string): Promise<Response> {
  return fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
}

describe('a newcomer starts the app with no configuration', () => {
  test('fresh data folder: PGlite created, demo logins printed, each role can sign in, SIGTERM stops cleanly', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bd-first-'));
    const app = await startProcess({ DATA_DIR: dataDir });
    try {
      expect(app.output()).toContain('Demo logins:');
      for (const u of DEMO_USERS) {
        expect(app.output()).toContain(u.email);
        const res = await login(app.url, u.email, u.password);
        expect(res.status).toBe(200);
        const body = (await res.json()) as { user: { roles: string[]; displayName: string } };
        expect(body.user.roles).toEqual(u.roles);
      }
      expect(app.output()).toContain('offline drafter');
    } finally {
      app.child.kill('SIGTERM');
    }
    expect(await app.exited).toBe(0);
  }, 90_000);

  test('production with no admin configured prints a one-time setup link that creates the admin', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bd-setup-'));
    const app = await startProcess({
      DATA_DIR: dataDir,
      NODE_ENV: 'production',
      SESSION_SECRET: 's'.repeat(48),
      EDITORIAL_SIGNING_KEY: testSigningKey(),
    });
    try {
      const link = /(http:\/\/\S+\/setup\/\S+)/.exec(app.output())![1];
      const page = await fetch(link);
      expect(page.status).toBe(200);
      const html = await page.text();
      const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1];
      const cookie = page.headers.get('set-cookie')!.split(';')[0];
      const form = new URLSearchParams({
        _csrf: csrf,
        displayName: 'First Admin',
        email: 'boss@example.test',
        password: 'a-long-admin-password',
      });
      const done = await fetch(link, { method: 'POST', body: form, headers: { cookie }, redirect: 'manual' });
      expect(done.status).toBe(303);
      expect((await login(app.url, 'boss@example.test', 'a-long-admin-password')).status).toBe(200);
      const again = await fetch(link, { method: 'POST', body: form, headers: { cookie }, redirect: 'manual' });
      expect(again.status).toBe(404);
      expect((await login(app.url, DEMO_USERS[0].email, DEMO_USERS[0].password)).status).toBe(401);
    } finally {
      app.child.kill('SIGTERM');
    }
    expect(await app.exited).toBe(0);
  }, 90_000);

  test('a bad configuration stops the boot with every problem listed', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { PATH: process.env.PATH ?? '', PORT: 'x', LOG_LEVEL: 'chatty', DATABASE_URL: 'mysql://nope' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code).toBe(78);
    expect(err).toContain('Invalid configuration:');
    for (const key of ['PORT', 'LOG_LEVEL', 'DATABASE_URL']) expect(err).toContain(key);
  }, 90_000); // a process started under tsx: as slow to come up on a loaded machine as the ones above
});
