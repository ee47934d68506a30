import { randomBytes } from 'node:crypto';
import type { Db } from '../db/connect.js';
import type { Actor } from '../policies/actor.js';
import { newSecret, sha256 } from './tokens.js';

export const SESSION_COOKIE = 'bd_session';

/** Only refresh lastSeenAt this often, so reads do not turn into writes on every request. */
const TOUCH_INTERVAL_MS = 60_000;

export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
}

export async function createSession(
  db: Db,
  userId: string,
  limits: SessionLimits,
  meta: { ip?: string; userAgent?: string },
  now = new Date(),
): Promise<{ token: string; id: string; csrfSecret: string; expiresAt: Date }> {
  const token = newSecret();
  const id = sha256(token);
  const csrfSecret = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + limits.absoluteMs);
  await db.session.create({
    data: { id, userId, csrfSecret, createdAt: now, lastSeenAt: now, expiresAt, ip: meta.ip, userAgent: meta.userAgent?.slice(0, 300) },
  });
  return { token, id, csrfSecret, expiresAt };
}

export async function resolveSession(
  db: Db,
  token: string,
  limits: SessionLimits,
  now = new Date(),
): Promise<{ actor: Actor; session: { id: string; csrfSecret: string } } | null> {
  const id = sha256(token);
  const row = await db.session.findUnique({
    where: { id },
    select: {
      id: true,
      csrfSecret: true,
      lastSeenAt: true,
      expiresAt: true,
      revokedAt: true,
      user: { select: { id: true, email: true, displayName: true, roles: true, active: true, timezone: true } },
    },
  });
  if (!row || row.revokedAt || !row.user.active) return null;
  if (row.expiresAt <= now || row.lastSeenAt.getTime() + limits.idleMs <= now.getTime()) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.session.update({ where: { id }, data: { lastSeenAt: now } });
  }
  return {
    session: { id: row.id, csrfSecret: row.csrfSecret },
    actor: {
      kind: 'session',
      userId: row.user.id,
      email: row.user.email,
      displayName: row.user.displayName,
      roles: row.user.roles,
      timezone: row.user.timezone,
      sessionId: row.id,
    },
  };
}
