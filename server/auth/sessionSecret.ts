import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/connect.js';

const NAME = 'session';

/**
 * Without SESSION_SECRET, every process on one database must still sign and check CSRF tokens
 * with the same key, or a form rendered by one replica is refused by the next. The first process
 * to start stores a random secret in InstanceSecret; INSERT … ON CONFLICT DO NOTHING makes
 * processes that start together agree on one value whoever wins. `candidate` is what this
 * process would store: the secret an older version kept in DATA_DIR/session-secret, if any, so
 * existing sign-ins survive the upgrade.
 */
export async function sharedSessionSecret(db: Db, candidate: string): Promise<string> {
  await db.$executeRaw`INSERT INTO "InstanceSecret" (name, value) VALUES (${NAME}, ${candidate}) ON CONFLICT (name) DO NOTHING`;
  const row = await db.instanceSecret.findUniqueOrThrow({ where: { name: NAME }, select: { value: true } });
  return row.value;
}

export function newSessionSecret(): string {
  return randomBytes(32).toString('hex');
}

/** The per-folder secret earlier versions generated; read, never written any more. */
export function legacySessionSecret(dataDir: string): string | undefined {
  const file = path.join(dataDir, 'session-secret');
  if (!existsSync(file)) return undefined;
  const value = readFileSync(file, 'utf8').trim();
  return value.length >= 32 ? value : undefined;
}
