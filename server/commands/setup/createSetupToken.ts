import type { Db } from '../../db/connect.js';
import { newSecret, sha256 } from '../../auth/tokens.js';

/** A one-time link to create the first admin, printed at first start when none was configured. */
export async function createSetupToken(db: Db, now = new Date(), ttlMs = 24 * 3_600_000): Promise<string> {
  const token = newSecret();
  await db.setupToken.create({
    data: { tokenHash: sha256(token), createdAt: now, expiresAt: new Date(now.getTime() + ttlMs) },
  });
  return token;
}
