import type { Db } from '../../db/connect.js';
import type { EditorialKey } from './editorialKey.js';
import { buildEditorialRecord, signRecord } from './editorialRecord.js';

export const RECORD_CONTENT_TYPE = 'application/json; charset=utf-8';
export const KEY_CONTENT_TYPE = 'application/x-pem-file';

/** record.json as served and exported: the signed record, indented for people (the signature covers canonical JSON). */
export async function recordBody(
  db: Db,
  key: EditorialKey,
  briefingId: string,
  version: number,
): Promise<string | null> {
  const record = await buildEditorialRecord(db, briefingId, version);
  return record && JSON.stringify(signRecord(record, key), null, 2) + '\n';
}

/** The version /news/:slug/record.json describes: the briefing's current one, if it is live. */
export function liveVersion(db: Db, briefingId: string) {
  return db.publication.findFirst({
    where: { briefingId, supersededAt: null, unpublishedAt: null },
    select: { version: true },
  });
}
