import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connect.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { Actor } from '../../policies/actor.js';
import { recordAudit } from '../../audit/recordAudit.js';
import { prepareSource, type PreparedSource, type SourceInput } from '../../sources/ingest/prepareSource.js';
import { fromStored } from '../../sources/ingest/lsh.js';
import { NEAR_DUPLICATE_THRESHOLD, similarity } from '../../sources/text/fingerprint.js';

export type UpsertOutcome = 'added' | 'updated' | 'unchanged' | 'duplicate';

export interface UpsertResult {
  outcome: UpsertOutcome;
  id: string;
  canonicalUrl: string;
  /** The first copy this text duplicates, when it is a near-duplicate. */
  duplicateOfId: string | null;
}

type Tx = Prisma.TransactionClient;

interface Known {
  id: string;
  duplicateOfId: string | null;
  signature: number[];
  bands: string[];
  contentHash: string;
}

const TX_OPTIONS = { timeout: 120_000, maxWait: 30_000 };

/**
 * The one way a source enters the database, whatever its origin.
 *
 * - Same canonical URL: the existing row is updated, or left alone ("unchanged")
 *   when title and text hash the same, so re-ingesting adds nothing.
 * - New URL but same or nearly the same text as an earlier source (shared LSH
 *   band, MinHash similarity ≥ 0.8, or equal content hash): stored and linked to
 *   the first copy through duplicateOfId, so statistics and collation count it once.
 * - Every stored change archives what was received (SourceArchive) and the batch
 *   is audited, all in one transaction: a failure writes nothing.
 *
 * Inputs are validated first (prepareSource); invalid ones throw before any write.
 */
export async function upsertSources(db: Db, actor: Actor | null, inputs: SourceInput[], now = new Date()): Promise<UpsertResult[]> {
  return upsertPreparedSources(db, actor, inputs.map(prepareSource), now);
}

/** For callers that validated each record themselves (imports, feeds) to report bad ones individually. */
export async function upsertPreparedSources(db: Db, actor: Actor | null, prepared: PreparedSource[], now = new Date()): Promise<UpsertResult[]> {
  if (prepared.length === 0) return [];
  return db.$transaction((tx) => writeBatch(tx, actor, prepared, now), TX_OPTIONS);
}

export async function upsertSource(db: Db, actor: Actor | null, input: SourceInput, now = new Date()): Promise<UpsertResult> {
  const [result] = await upsertSources(db, actor, [input], now);
  return result;
}

async function writeBatch(tx: Tx, actor: Actor | null, batch: PreparedSource[], now: Date): Promise<UpsertResult[]> {
  const urls = [...new Set(batch.map((p) => p.canonicalUrl))];
  const existing = new Map(
    (await tx.source.findMany({ where: { canonicalUrl: { in: urls } }, select: { id: true, canonicalUrl: true, contentHash: true, duplicateOfId: true } })).map((r) => [r.canonicalUrl, r]),
  );
  const fresh = batch.filter((p) => !existing.has(p.canonicalUrl));
  const known = await nearDuplicateCandidates(tx, fresh);

  const results: UpsertResult[] = [];
  const inserts: Prisma.SourceCreateManyInput[] = [];
  const archives: Prisma.SourceArchiveCreateManyInput[] = [];
  const seenInBatch = new Map<string, UpsertResult>();

  for (const p of batch) {
    const inBatch = seenInBatch.get(p.canonicalUrl);
    const row = existing.get(p.canonicalUrl);
    if (inBatch) {
      // The same article twice in one batch (a feed listing it twice): first one wins.
      results.push({ ...inBatch, outcome: 'unchanged' });
      continue;
    }
    if (row) {
      const result = await updateExisting(tx, p, row, now, archives);
      results.push(result);
      seenInBatch.set(p.canonicalUrl, result);
      continue;
    }
    const id = randomUUID();
    const duplicateOfId = findFirstCopy(p, known);
    known.push({ id, duplicateOfId, signature: p.signature, bands: p.lshBands, contentHash: p.contentHash });
    inserts.push(createData(id, p, duplicateOfId, now));
    archives.push(archiveData(id, p, now));
    const result: UpsertResult = { outcome: duplicateOfId ? 'duplicate' : 'added', id, canonicalUrl: p.canonicalUrl, duplicateOfId };
    results.push(result);
    seenInBatch.set(p.canonicalUrl, result);
  }

  if (inserts.length > 0) {
    // Another process may have stored the same URL since we looked: skip those
    // rows here and treat them as updates of the winner below.
    await tx.source.createMany({ data: inserts, skipDuplicates: true });
    const stored = new Set((await tx.source.findMany({ where: { id: { in: inserts.map((i) => i.id!) } }, select: { id: true } })).map((r) => r.id));
    for (let i = 0; i < results.length; i++) {
      const r = results[i];
      if ((r.outcome === 'added' || r.outcome === 'duplicate') && !stored.has(r.id)) {
        const winner = await tx.source.findUniqueOrThrow({ where: { canonicalUrl: r.canonicalUrl }, select: { id: true, contentHash: true, duplicateOfId: true } });
        const lostArchive = archives.findIndex((a) => a.sourceId === r.id);
        if (lostArchive >= 0) archives.splice(lostArchive, 1);
        results[i] = await updateExisting(tx, batch[i], winner, now, archives);
      }
    }
  }
  if (archives.length > 0) await tx.sourceArchive.createMany({ data: archives });

  const counts = tally(results);
  if (counts.added + counts.updated + counts.duplicate > 0) {
    const changed = results.filter((r) => r.outcome !== 'unchanged');
    await recordAudit(tx, {
      actor,
      action: changed.length === 1 ? `source.${changed[0].outcome === 'updated' ? 'updated' : 'added'}` : 'source.batch_ingested',
      entityType: 'source',
      entityId: changed.length === 1 ? changed[0].id : null,
      data: { origin: batch[0].input.origin, ...counts, ids: changed.slice(0, 100).map((r) => r.id) },
      at: now,
    });
  }
  return results;
}

export function tally(results: UpsertResult[]): Record<UpsertOutcome, number> {
  const out: Record<UpsertOutcome, number> = { added: 0, updated: 0, unchanged: 0, duplicate: 0 };
  for (const r of results) out[r.outcome]++;
  return out;
}

async function updateExisting(
  tx: Tx,
  p: PreparedSource,
  row: { id: string; contentHash: string; duplicateOfId: string | null },
  now: Date,
  archives: Prisma.SourceArchiveCreateManyInput[],
): Promise<UpsertResult> {
  const base = { id: row.id, canonicalUrl: p.canonicalUrl, duplicateOfId: row.duplicateOfId };
  if (row.contentHash === p.contentHash) return { ...base, outcome: 'unchanged' };
  const { id: _id, createdAt: _c, origin: _o, duplicateOfId: _d, canonicalUrl: _u, ...fields } = createData(row.id, p, row.duplicateOfId, now);
  await tx.source.update({ where: { id: row.id }, data: fields, select: { id: true } });
  archives.push(archiveData(row.id, p, now));
  return { ...base, outcome: 'updated' };
}

function createData(id: string, p: PreparedSource, duplicateOfId: string | null, now: Date): Prisma.SourceCreateManyInput {
  const i = p.input;
  return {
    id,
    canonicalUrl: p.canonicalUrl,
    url: p.url,
    publisher: p.publisher,
    title: p.title,
    author: p.author,
    publishedAt: i.publishedAt ?? null,
    fetchedAt: i.fetchedAt ?? now,
    createdAt: now,
    language: i.language ?? null,
    text: p.text,
    wordCount: p.wordCount,
    contentHash: p.contentHash,
    fingerprint: p.fingerprint,
    lshBands: p.lshBands,
    keywords: p.keywords,
    origin: i.origin,
    feedId: i.feedId ?? null,
    duplicateOfId,
  };
}

function archiveData(sourceId: string, p: PreparedSource, now: Date): Prisma.SourceArchiveCreateManyInput {
  const a = p.input.archive;
  return {
    sourceId,
    origin: p.input.origin,
    fetchedAt: p.input.fetchedAt ?? now,
    contentType: a.contentType,
    body: a.body,
    httpStatus: a.httpStatus ?? null,
    meta: (a.meta ?? {}) as Prisma.InputJsonValue,
  };
}

/** Earlier sources that share a band or the exact content with any new text. */
async function nearDuplicateCandidates(tx: Tx, fresh: PreparedSource[]): Promise<Known[]> {
  const bands = [...new Set(fresh.flatMap((p) => p.lshBands))];
  const hashes = [...new Set(fresh.map((p) => p.contentHash))];
  if (fresh.length === 0) return [];
  const rows = await tx.source.findMany({
    where: { OR: [...(bands.length ? [{ lshBands: { hasSome: bands } }] : []), { contentHash: { in: hashes } }] },
    select: { id: true, duplicateOfId: true, fingerprint: true, lshBands: true, contentHash: true, createdAt: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return rows.map((r) => ({ id: r.id, duplicateOfId: r.duplicateOfId, signature: fromStored(r.fingerprint), bands: r.lshBands, contentHash: r.contentHash }));
}

/** Oldest matching source; a match that is itself a copy points at its original. */
function findFirstCopy(p: PreparedSource, known: Known[]): string | null {
  const bands = new Set(p.lshBands);
  for (const k of known) {
    const same =
      k.contentHash === p.contentHash ||
      (k.bands.some((b) => bands.has(b)) && k.signature.length === p.signature.length && similarity(k.signature, p.signature) >= NEAR_DUPLICATE_THRESHOLD);
    if (same) return k.duplicateOfId ?? k.id;
  }
  return null;
}
