import type { Db } from '../db/connect.js';
import type { Actor } from '../policies/actor.js';
import { sha256 } from './tokens.js';

export const API_TOKEN_PREFIX = 'bdt_';

export async function resolveApiToken(db: Db, token: string, now = new Date()): Promise<Actor | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const row = await db.apiToken.findUnique({
    where: { tokenHash: sha256(token) },
    select: {
      id: true,
      roles: true,
      revokedAt: true,
      expiresAt: true,
      lastUsedAt: true,
      user: { select: { id: true, email: true, displayName: true, roles: true, active: true, timezone: true } },
    },
  });
  if (!row || row.revokedAt || !row.user.active) return null;
  if (row.expiresAt && row.expiresAt <= now) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  // A token never carries more than its owner holds today: demoting the owner demotes the token.
  const roles = row.roles.filter((r) => row.user.roles.includes(r));
  return {
    kind: 'token',
    userId: row.user.id,
    email: row.user.email,
    displayName: row.user.displayName,
    roles,
    timezone: row.user.timezone,
    tokenId: row.id,
  };
}
