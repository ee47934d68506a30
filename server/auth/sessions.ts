import { randomBytes } from 'node:crypto';
import type { Database, Db } from '../db/connect.js';
import type { Actor, Role } from '../policies/actor.js';
import { newSecret, sha256 } from './tokens.js';

export const SESSION_COOKIE = 'bd_session';

interface SessionRow {
  id: string;
  csrfSecret: string;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  userId: string;
  email: string;
  displayName: string;
  roles: string[];
  active: boolean;
  timezone: string;
}

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
    data: {
      id,
      userId,
      csrfSecret,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 300),
    },
  });
  return { token, id, csrfSecret, expiresAt };
}

export async function resolveSession(
  database: Pick<Database, 'prisma' | 'sql'>,
  token: string,
  limits: SessionLimits,
  now = new Date(),
): Promise<{ actor: Actor; session: { id: string; csrfSecret: string } } | null> {
  const id = sha256(token);
  // Every authenticated request comes through here: one indexed join sent straight to the
  // driver costs a fraction of the equivalent relation query through the ORM.
  const rows = await database.sql<SessionRow>(
    `SELECT s.id, s."csrfSecret", s."lastSeenAt", s."expiresAt", s."revokedAt",
            u.id AS "userId", u.email, u."displayName", u.roles::text[] AS roles, u.active, u.timezone
       FROM "Session" s JOIN "User" u ON u.id = s."userId"
      WHERE s.id = $1`,
    [id],
    'session_lookup',
  );
  const row = rows[0];
  if (!row || row.revokedAt || !row.active) return null;
  if (row.expiresAt <= now || row.lastSeenAt.getTime() + limits.idleMs <= now.getTime()) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    // updateMany: a row the session sweeper removed meanwhile is nothing to fail a request over.
    await database.prisma.session.updateMany({ where: { id }, data: { lastSeenAt: now } });
  }
  return {
    session: { id: row.id, csrfSecret: row.csrfSecret },
    actor: {
      kind: 'session',
      userId: row.userId,
      email: row.email,
      displayName: row.displayName,
      roles: row.roles as Role[],
      timezone: row.timezone,
      sessionId: row.id,
    },
  };
}
