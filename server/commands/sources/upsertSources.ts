import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connect.js';
import type { DriverClient } from '../../db/driverTransaction.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { SourceOrigin } from '../../generated/prisma/enums.js';
import type { Actor } from '../../policies/actor.js';
import type { FieldIssue } from '../../errors/AppError.js';
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
  /** Present when text from outside had to be cleaned to be stored (prepareSource). */
  cleaned?: FieldIssue[];
}

type Tx = Prisma.TransactionClient;

/**
 * What a batch still being written has decided, for the next batch to start
 * before that one commits: the URLs it inserts and its new sources (ids, copy
 * links, fingerprints), which the next batch's database lookups cannot see yet.
 */
export interface BatchPlan {
  urls: ReadonlySet<string>;
  known: readonly KnownSource[];
}

export interface PipelineOptions {
  /** The plan of the batch written just before this one, if it has not committed yet. */
  after?: BatchPlan;
  /** Called once this batch has decided every id and copy link, before its INSERTs. */
  onPlanned?: (plan: BatchPlan) => void;
  /**
   * false: the caller records one audit event for the whole transaction (an import), so the audit
   * chain's lock is taken once at its end instead of being held from its first batch.
   */
  audit?: boolean;
  /** The transaction's driver connection, for the bulk INSERTs (see transactionWithDriver). */
  driver?: DriverClient | null;
}

/** A source as near-duplicate detection sees it. */
export interface KnownSource {
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
export async function upsertSources(
  db: Db,
  actor: Actor | null,
  inputs: SourceInput[],
  now = new Date(),
): Promise<UpsertResult[]> {
  return upsertPreparedSources(db, actor, inputs.map(prepareSource), now);
}

/** For callers that validated each record themselves (imports, feeds) to report bad ones individually. */
export async function upsertPreparedSources(
  db: Db,
  actor: Actor | null,
  prepared: PreparedSource[],
  now = new Date(),
  pipeline: PipelineOptions = {},
): Promise<UpsertResult[]> {
  if (prepared.length === 0) return [];
  const results = await db.$transaction((tx) => writeBatch(tx, actor, prepared, now, pipeline), TX_OPTIONS);
  return results.map((r, i) => (prepared[i].cleaned.length ? { ...r, cleaned: prepared[i].cleaned } : r));
}

export async function upsertSource(
  db: Db,
  actor: Actor | null,
  input: SourceInput,
  now = new Date(),
): Promise<UpsertResult> {
  const [result] = await upsertSources(db, actor, [input], now);
  return result;
}

/** One batch inside a transaction the caller owns (an import writes all its batches in one). */
export async function writeBatch(
  tx: Tx,
  actor: Actor | null,
  batch: PreparedSource[],
  now: Date,
  pipeline: PipelineOptions,
): Promise<UpsertResult[]> {
  // The planner expects millions of rows from the band probes and JIT-compiled
  // them: 100-250 ms per batch of compiling for queries that run in ~90 ms.
  // Article text and its archived original are compressed as they are stored (TOAST):
  // lz4 costs a fraction of pglz's CPU where the server has it (PGlite does not).
  await tx.$queryRawUnsafe(`
    SELECT set_config('jit', 'off', true),
           set_config('default_toast_compression', CASE WHEN 'lz4' = ANY(enumvals) THEN 'lz4' ELSE 'pglz' END, true)
      FROM pg_settings WHERE name = 'default_toast_compression'`);
  const urls = [...new Set(batch.map((p) => p.canonicalUrl))];
  const existing = new Map(
    (
      await tx.$queryRaw<
        { id: string; canonicalUrl: string; contentHash: string; duplicateOfId: string | null }[]
      >(Prisma.sql`
        SELECT id, "canonicalUrl", "contentHash", "duplicateOfId" FROM "Source" WHERE "canonicalUrl" = ANY(${urls}::text[])`)
    ).map((r) => [r.canonicalUrl, r]),
  );
  const fresh = batch.filter((p) => !existing.has(p.canonicalUrl));
  // Stored sources first (oldest first), then those of the batch still being written.
  const known = new KnownSources([...(await nearDuplicateCandidates(tx, fresh)), ...(pipeline.after?.known ?? [])]);
  const planned: KnownSource[] = [];

  const results: UpsertResult[] = [];
  const inserts: { id: string; p: PreparedSource; duplicateOfId: string | null; index: number }[] = [];
  const archives: ArchiveRow[] = [];
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
    const duplicateOfId = known.firstCopyOf(p);
    const k = { id, duplicateOfId, signature: p.signature, bands: p.lshBands, contentHash: p.contentHash };
    known.add(k);
    planned.push(k);
    inserts.push({ id, p, duplicateOfId, index: results.length });
    archives.push(archiveData(id, p, now));
    const result: UpsertResult = {
      outcome: duplicateOfId ? 'duplicate' : 'added',
      id,
      canonicalUrl: p.canonicalUrl,
      duplicateOfId,
    };
    results.push(result);
    seenInBatch.set(p.canonicalUrl, result);
  }

  pipeline.onPlanned?.({ urls: new Set(inserts.map((i) => i.p.canonicalUrl)), known: planned });

  if (inserts.length > 0) {
    // Another process may have stored the same URL since we looked: those rows
    // are skipped here and treated as updates of the winner below.
    const stored = await insertSources(tx, inserts, now, pipeline.driver);
    for (const ins of inserts) {
      if (stored.has(ins.id)) continue;
      const winner = await tx.source.findUniqueOrThrow({
        where: { canonicalUrl: ins.p.canonicalUrl },
        select: { id: true, contentHash: true, duplicateOfId: true },
      });
      const lostArchive = archives.findIndex((a) => a.sourceId === ins.id);
      if (lostArchive >= 0) archives.splice(lostArchive, 1);
      results[ins.index] = await updateExisting(tx, ins.p, winner, now, archives);
    }
  }
  await insertArchives(tx, archives, pipeline.driver);

  const counts = tally(results);
  if (pipeline.audit !== false && counts.added + counts.updated + counts.duplicate > 0) {
    const changed = results.filter((r) => r.outcome !== 'unchanged');
    await recordAudit(tx, {
      actor,
      action:
        changed.length === 1
          ? `source.${changed[0].outcome === 'updated' ? 'updated' : 'added'}`
          : 'source.batch_ingested',
      entityType: 'source',
      entityId: changed.length === 1 ? changed[0].id : null,
      data: { origin: batch[0].input.origin, ...counts, ids: changed.slice(0, 100).map((r) => r.id) },
      at: now,
    });
  }
  return results;
}

/**
 * Rows per INSERT statement. Each statement carries its rows as one JSON
 * parameter (json_to_recordset): a VALUES list of 500 rows × 20 parameters cost
 * more to bind and parse, on both sides, than the rows themselves.
 */
const INSERT_ROWS = 1_000;

/**
 * Characters of text (article or archived original) per INSERT statement, at most: its JSON is one
 * string V8 allocates whole, then copies into the driver's buffer, so a statement of 1,000 articles
 * was 4–5 MB twice over, promoted and dropped every batch. About 1 MB keeps a large import's peak
 * memory down (bench:import) and costs a few more statements, not more round trips per row.
 */
const INSERT_CHARS = 1_000_000;

/** `rows` cut into statements of at most INSERT_ROWS rows and INSERT_CHARS characters (one row may exceed it alone). */
function* statements<T>(rows: T[], chars: (row: T) => number): Generator<T[]> {
  let start = 0;
  let size = 0;
  for (let i = 0; i < rows.length; i++) {
    const c = chars(rows[i]);
    if (i > start && (i - start === INSERT_ROWS || size + c > INSERT_CHARS)) {
      yield rows.slice(start, i);
      start = i;
      size = 0;
    }
    size += c;
  }
  if (start < rows.length) yield rows.slice(start);
}

/**
 * JSON for json_to_recordset. Lone UTF-16 surrogates (a cut emoji) become U+FFFD,
 * as they did when each string was sent as its own UTF-8 parameter; PostgreSQL
 * rejects them as JSON escapes.
 */
const rowsJson = (rows: unknown[]) =>
  JSON.stringify(rows, (_k, v: unknown) =>
    typeof v === 'string' ? (v as string & { toWellFormed(): string }).toWellFormed() : v,
  ); // Node ≥ 20; not in lib ES2023

/** The rows as Prisma would create them; json_to_recordset reads only the columns it lists. $1 rows, $2 now. */
const INSERT_SOURCES = `
  INSERT INTO "Source" (id, "canonicalUrl", url, publisher, title, author, "publishedAt", "fetchedAt", "createdAt", "updatedAt",
    language, text, "wordCount", "contentHash", fingerprint, "lshBands", keywords, origin, "feedId", "duplicateOfId")
  SELECT r.id, r."canonicalUrl", r.url, r.publisher, r.title, r.author, r."publishedAt", r."fetchedAt", $2::timestamptz, $2::timestamptz,
    r.language, r.text, r."wordCount", r."contentHash", r.fingerprint, r."lshBands", r.keywords, r.origin, r."feedId", r."duplicateOfId"
  FROM json_to_recordset($1::json) AS r(id uuid, "canonicalUrl" text, url text, publisher text, title text, author text,
    "publishedAt" timestamptz, "fetchedAt" timestamptz, language text, text text, "wordCount" int4, "contentHash" text,
    fingerprint int4[], "lshBands" text[], keywords text[], origin "SourceOrigin", "feedId" uuid, "duplicateOfId" uuid)
  ON CONFLICT ("canonicalUrl") DO NOTHING
  RETURNING id::text AS id`;

const INSERT_ARCHIVES = `
  INSERT INTO "SourceArchive" (id, "sourceId", origin, "fetchedAt", "contentType", body, "httpStatus", meta)
  SELECT r.id, r."sourceId", r.origin, r."fetchedAt", r."contentType", r.body, r."httpStatus", r.meta
  FROM json_to_recordset($1::json) AS r(id uuid, "sourceId" uuid, origin "SourceOrigin", "fetchedAt" timestamptz,
    "contentType" text, body text, "httpStatus" int4, meta jsonb)`;

/**
 * A bulk statement, through the transaction's own driver connection when the caller has it
 * (PostgreSQL imports: the rows' JSON is not copied through Prisma's engine and debug history),
 * else through Prisma. Same SQL, same transaction either way.
 */
function bulk<T>(tx: Tx, driver: DriverClient | null | undefined, sql: string, values: unknown[]): Promise<T[]> {
  return driver ? driver.query<T>(sql, values) : tx.$queryRawUnsafe<T[]>(sql, ...values);
}

/** Returns the ids actually stored (a row whose URL another writer stored first is skipped). */
async function insertSources(
  tx: Tx,
  rows: { id: string; p: PreparedSource; duplicateOfId: string | null }[],
  now: Date,
  driver?: DriverClient | null,
): Promise<Set<string>> {
  const stored = new Set<string>();
  for (const chunk of statements(rows, (r) => r.p.text.length)) {
    const json = rowsJson(chunk.map(({ id, p, duplicateOfId }) => createData(id, p, duplicateOfId, now)));
    const ids = await bulk<{ id: string }>(tx, driver, INSERT_SOURCES, [json, now]);
    for (const r of ids) stored.add(r.id);
  }
  return stored;
}

async function insertArchives(tx: Tx, rows: ArchiveRow[], driver?: DriverClient | null): Promise<void> {
  for (const chunk of statements(rows, (a) => a.body.length)) {
    const json = rowsJson(chunk.map((a) => ({ ...a, id: randomUUID() })));
    await bulk(tx, driver, INSERT_ARCHIVES, [json]);
  }
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
  archives: ArchiveRow[],
): Promise<UpsertResult> {
  const base = { id: row.id, canonicalUrl: p.canonicalUrl, duplicateOfId: row.duplicateOfId };
  if (row.contentHash === p.contentHash) return { ...base, outcome: 'unchanged' };
  const {
    id: _id,
    createdAt: _c,
    origin: _o,
    duplicateOfId: _d,
    canonicalUrl: _u,
    ...fields
  } = createData(row.id, p, row.duplicateOfId, now);
  await tx.source.update({ where: { id: row.id }, data: fields, select: { id: true } });
  archives.push(archiveData(row.id, p, now));
  return { ...base, outcome: 'updated' };
}

function createData(
  id: string,
  p: PreparedSource,
  duplicateOfId: string | null,
  now: Date,
): Prisma.SourceCreateManyInput {
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

interface ArchiveRow {
  sourceId: string;
  origin: SourceOrigin;
  fetchedAt: Date;
  contentType: string;
  body: string;
  httpStatus: number | null;
  meta: Record<string, unknown>;
}

function archiveData(sourceId: string, p: PreparedSource, now: Date): ArchiveRow {
  const a = p.input.archive;
  return {
    sourceId,
    origin: p.input.origin,
    fetchedAt: p.input.fetchedAt ?? now,
    contentType: a.contentType,
    body: a.body,
    httpStatus: a.httpStatus ?? null,
    meta: a.meta ?? {},
  };
}

/**
 * Candidates a band key contributes, at most: its oldest this many sources, in the database query and
 * in the walk of each new text. A band key shared by hundreds of sources that are not copies of each
 * other carries no information: that happens only when texts were made to share it (MinHash's seeds
 * are public, so a phrase whose hashes are minimal for one band's rows puts every text carrying it in
 * that band) or share long boilerplate, and comparing every new text with every earlier one there was
 * quadratic (an import of 10,000 such texts: +20 s; every later batch fetched them all again). A real
 * copy still finds its original: copies of one text all share it as their oldest candidate, and a
 * copy shares about 6 of its 16 bands with its original (at similarity 0.8), so a crowded band does
 * not hide it. The database still visits a crowded key's rows to keep its oldest (a top-N sort), but
 * sends only those, and each new text is compared with at most this many per band key.
 */
export const BAND_CANDIDATES = 200;

/** Work done by near-duplicate detection since the process started, for tests and benchmarks of its bounds. */
export const nearDuplicateWork = { candidatesFetched: 0, comparisons: 0 };

/**
 * Earlier sources that share a band or the exact content with any new text.
 * One GIN probe per band key (a nested loop over unnest, each probe its own
 * LATERAL subquery keeping the key's BAND_CANDIDATES oldest) rather than one
 * `lshBands && <thousands of keys>`: the planner estimates that overlap as
 * matching everything and scans the whole table, so it grew with the corpus.
 */
async function nearDuplicateCandidates(tx: Tx, fresh: PreparedSource[]): Promise<KnownSource[]> {
  if (fresh.length === 0) return [];
  const bands = [...new Set(fresh.flatMap((p) => p.lshBands))];
  const hashes = [...new Set(fresh.map((p) => p.contentHash))];
  // Columns are read in each branch rather than by joining the ids back to
  // "Source": the planner expects millions of band matches and hashed the whole
  // table for that join (~250 ms a batch at 100k sources, for ~150 real rows).
  const rows = await tx.$queryRaw<
    { id: string; duplicateOfId: string | null; fingerprint: number[]; lshBands: string[]; contentHash: string }[]
  >(Prisma.sql`
    SELECT s.id, s."duplicateOfId", s.fingerprint, s."lshBands", s."contentHash", s."createdAt"
    FROM unnest(${bands}::text[]) AS b(key)
    CROSS JOIN LATERAL (
      SELECT s.id, s."duplicateOfId", s.fingerprint, s."lshBands", s."contentHash", s."createdAt"
      FROM "Source" s WHERE s."lshBands" @> ARRAY[b.key]
      ORDER BY s."createdAt", s.id
      LIMIT ${BAND_CANDIDATES}
    ) s
    UNION
    SELECT s.id, s."duplicateOfId", s.fingerprint, s."lshBands", s."contentHash", s."createdAt"
    FROM "Source" s WHERE s."contentHash" = ANY(${hashes}::text[])
    ORDER BY "createdAt", id`);
  nearDuplicateWork.candidatesFetched += rows.length;
  return rows.map((r) => ({
    id: r.id,
    duplicateOfId: r.duplicateOfId,
    signature: fromStored(r.fingerprint),
    bands: r.lshBands,
    contentHash: r.contentHash,
  }));
}

/** Known sources in age order, indexed by band key and content hash so each new text checks only its candidates. */
class KnownSources {
  private readonly list: KnownSource[] = [];
  private readonly byBand = new Map<string, number[]>();
  private readonly byHash = new Map<string, number[]>();

  constructor(initial: KnownSource[]) {
    for (const k of initial) this.add(k);
  }

  /**
   * Sources arrive oldest first, so a band's list holds its BAND_CANDIDATES oldest and stops growing:
   * the walk below compares a new text with at most that many per band key (see BAND_CANDIDATES).
   * The hash list is not capped: its first entry has the same content and ends the walk.
   */
  add(k: KnownSource): void {
    const at = this.list.push(k) - 1;
    for (const b of k.bands) {
      const list = this.byBand.get(b);
      if (!list) this.byBand.set(b, [at]);
      else if (list.length < BAND_CANDIDATES) list.push(at);
    }
    push(this.byHash, k.contentHash, at);
  }

  /**
   * Oldest matching source; a match that is itself a copy points at its original.
   * Candidates are visited oldest first by merging the band and hash lists (each
   * in age order) and the walk stops at the first match: gathering and sorting
   * them all was quadratic in a flood of copies (4,000 near-duplicates of one
   * text in one import, each new one collecting every earlier one).
   */
  firstCopyOf(p: PreparedSource): string | null {
    const lists = [this.byHash.get(p.contentHash), ...p.lshBands.map((b) => this.byBand.get(b))].filter(
      (l): l is number[] => l !== undefined,
    );
    const heads = lists.map(() => 0);
    for (;;) {
      let at = Infinity;
      for (let j = 0; j < lists.length; j++)
        if (heads[j] < lists[j].length && lists[j][heads[j]] < at) at = lists[j][heads[j]];
      if (at === Infinity) return null;
      for (let j = 0; j < lists.length; j++) if (lists[j][heads[j]] === at) heads[j]++;
      const k = this.list[at];
      nearDuplicateWork.comparisons++;
      const same =
        k.contentHash === p.contentHash ||
        (k.signature.length === p.signature.length && similarity(k.signature, p.signature) >= NEAR_DUPLICATE_THRESHOLD);
      if (same) return k.duplicateOfId ?? k.id;
    }
  }
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
