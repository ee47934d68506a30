import type { Express } from 'express';
import request from 'supertest';
import { Writable } from 'node:stream';
import { boot, type Booted } from '../../server/boot.js';
import { loadConfig } from '../../server/env.js';
import { createLogger } from '../../server/logging/logger.js';
import { createTestDatabase, type DbKind, type TestDatabase } from './testDb.js';
import { createUser } from '../../server/commands/users/createUser.js';
import type { Actor, Role } from '../../server/policies/actor.js';

export const TEST_SECRET = 'test-session-secret-0123456789abcdef0123456789';

export interface TestApp {
  kind: DbKind;
  app: Express;
  booted: Booted;
  db: TestDatabase;
  logs: string[];
  close(): Promise<void>;
}

/** Boots the real app (migrations, pipeline, views) on a throwaway database, logging into memory. */
export async function startTestApp(kind: DbKind, env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase(kind);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const config = loadConfig({
    NODE_ENV: 'test',
    SESSION_SECRET: TEST_SECRET,
    LOG_LEVEL: 'info',
    SEED_DEMO: 'false',
    DATA_DIR: process.env.BD_TEST_TMP ?? '/tmp',
    ...env,
  });
  const booted = await boot(config, { database: db, logger: createLogger('info', sink), skipFirstRun: true });
  return {
    kind,
    app: booted.app,
    booted,
    db,
    logs,
    async close() {
      await booted.stop().catch(() => {});
      await db.dropAndClose();
    },
  };
}

let counter = 0;

export interface TestUser {
  id: string;
  email: string;
  password: string;
  displayName: string;
  roles: Role[];
}

/** Factory: a user with a known password. */
export async function makeUser(
  t: TestApp,
  roles: Role[],
  overrides: Partial<{ email: string; displayName: string; password: string }> = {},
): Promise<TestUser> {
  counter++;
  const email = overrides.email ?? `user${counter}-${roles.join('-') || 'none'}@example.test`;
  const password = overrides.password ?? `password-${counter}-long-enough`;
  const displayName = overrides.displayName ?? `Test ${roles.join('/')} ${counter}`;
  const u = await createUser(t.db.prisma, null, { email, displayName, roles, password });
  return { id: u.id, email, password, displayName, roles };
}

/** The user as a signed-in actor, for calling commands directly. */
export function actorFor(u: Pick<TestUser, 'id' | 'email' | 'displayName' | 'roles'>): Actor {
  return { kind: 'session', userId: u.id, email: u.email, displayName: u.displayName, roles: u.roles, timezone: 'UTC' };
}

export interface Session {
  agent: ReturnType<typeof request.agent>;
  csrf: string;
  user: TestUser;
}

/** Signs in through the JSON API and returns an agent holding the cookie, plus the CSRF token. */
export async function signIn(t: TestApp, user: TestUser): Promise<Session> {
  const agent = request.agent(t.app);
  const res = await agent.post('/api/auth/login').send({ email: user.email, password: user.password }).expect(200);
  return { agent, csrf: res.body.csrfToken, user };
}

export interface EditorApp {
  t: TestApp;
  editor: Session;
}

/**
 * The set-up most API tests share: a test app on a throwaway database of the given kind, with
 * one editor signed in. Close it with `t.close()`; if signing in fails the app is closed here.
 */
export async function startAppWithEditor(kind: DbKind, env: Record<string, string> = {}): Promise<EditorApp> {
  const t = await startTestApp(kind, env);
  try {
    return { t, editor: await signIn(t, await makeUser(t, ['editor'])) };
  } catch (e) {
    await t.close();
    throw e;
  }
}

/** Pulls the _csrf hidden field out of a rendered form. */
export function csrfFromHtml(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF field in page');
  return m[1];
}
