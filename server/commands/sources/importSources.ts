import { Readable } from 'node:stream';
import type { Db } from '../../db/connect.js';
import { TRANSACTION_LOCKS } from '../../db/transactionLock.js';
import type { Actor } from '../../policies/actor.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { AppError, ValidationError } from '../../errors/AppError.js';
import { isDatabaseUnavailable } from '../../db/unavailable.js';
import { releasePrismaDebugHistory } from '../../db/debugHistory.js';
import { transactionWithDriver, type DriverClient } from '../../db/driverTransaction.js';
import { recordAudit } from '../../audit/recordAudit.js';
import { prepareSource, type PreparedSource } from '../../sources/ingest/prepareSource.js';
import {
  detectFormat,
  MAX_ERRORS_REPORTED,
  type ImportFormat,
  type ImportLineError,
  type ParsedLine,
} from '../../sources/imports/parseImport.js';
import { streamImport, type ImportChunks } from '../../sources/imports/streamImport.js';
import { endImportRun, keepImportAlive, openImportRun } from '../../sources/imports/runRecord.js';
import { MAX_IMPORT_CHARS } from '../../sources/imports/limits.js';
import { cleanExternal } from '../../sources/text/cleanExternal.js';
import { withBoundedHeapGrowth } from '../../util/boundedHeapGrowth.js';
import { tally, writeBatch, type UpsertOutcome, type UpsertResult } from './upsertSources.js';

type Tx = Prisma.TransactionClient;

export interface ImportSummary {
  importRunId: string;
  status: 'succeeded';
  filename: string;
  format: ImportFormat;
  total: number;
  added: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  errors: ImportLineError[];
  /** Lines stored after cleaning: NUL removed, unpaired surrogates or bytes that were not UTF-8 replaced. */
  warnings: ImportLineError[];
}

export interface ImportInput {
  /** The whole file (forms, JSON bodies, the seed, tests)… */
  content?: string;
  /** …or the file as it arrives (uploads spooled to disk, the CLI): never held whole in memory. */
  chunks?: ImportChunks;
  filename: string;
  /** Detected from the file name or the first bytes when not given. */
  format?: ImportFormat;
  /** Line warnings found before parsing (bytes that were not UTF-8). */
  warnings?: ImportLineError[];
}

export interface ImportOptions {
  now?: Date;
  /** The run the caller opened at the upload's first byte (openImportRun); else one is opened here. */
  runId?: string;
  maxBytes?: number;
  heartbeatMs?: number;
  /** Called after each batch is written, with the number of records read so far. */
  onProgress?: (records: number) => void;
}

/** Records per batch: prepared (CPU) while the previous batch is written, memory bounded by two of them. */
export const IMPORT_BATCH = 1_000;

/**
 * An import writes every batch in one transaction: it may run for minutes on a 200 MB file, so it
 * gets no Prisma deadline of its own; a dead connection or process still ends it (rolled back).
 */
const IMPORT_TX = { timeout: 24 * 3_600_000, maxWait: 30_000 };

/** Records prepared between yields to the event loop, so the batch being written keeps moving. */
const PREPARE_SLICE = 25;
/**
 * ...or fewer when they are long: preparing a record of a million characters takes 0.3 s of prose
 * and 1.3 s of distinct words (keywords, fingerprint), so 25 of them held the server for 7-30 s.
 */
export const PREPARE_SLICE_CHARS = 250_000;

/** Before each record: a turn of the event loop when the slice so far is PREPARE_SLICE records or PREPARE_SLICE_CHARS. */
export function preparePacer(): (chars: number) => Promise<void> | null {
  let records = 0;
  let chars = 0;
  return (next) => {
    const due = records >= PREPARE_SLICE || (records > 0 && chars + next > PREPARE_SLICE_CHARS);
    if (due) records = chars = 0;
    records++;
    chars += next;
    return due ? new Promise<void>((resolve) => setImmediate(resolve)) : null;
  };
}

function toInput(l: ParsedLine, format: ImportFormat, filename: string) {
  const r = l.record;
  return {
    origin: 'import' as const,
    url: r.url ?? null,
    externalId: r.id ?? null,
    publisher: r.publisher,
    title: r.title,
    author: r.author ?? null,
    publishedAt: r.published_at ?? null,
    language: r.language ?? null,
    text: r.body ?? r.text ?? '',
    archive: {
      contentType: format === 'csv' ? 'text/csv' : 'application/x-ndjson',
      body: l.raw,
      meta: { filename, line: l.line },
    },
  };
}

/** The per-line report, capped: a file of garbage must not make a report as large as itself. */
class LineReport {
  readonly shown: ImportLineError[] = [];
  private hidden = 0;

  constructor(private readonly noun = 'errors') {}

  add(errors: ImportLineError[]): void {
    for (const e of errors) {
      // A reason quoting a line (JSON.parse's message does) may hold what PostgreSQL cannot store.
      if (this.shown.length < MAX_ERRORS_REPORTED) this.shown.push({ ...e, reason: cleanExternal(e.reason).text });
      else this.hidden++;
    }
  }

  list(): ImportLineError[] {
    const sorted = [...this.shown].sort((a, b) => a.line - b.line);
    return this.hidden ? [...sorted, { line: 0, reason: `…and ${this.hidden} more ${this.noun} not shown` }] : sorted;
  }
}

async function prepareBatch(
  lines: ParsedLine[],
  input: { filename: string; format: ImportFormat },
  report: LineReport,
  warnings: LineReport,
): Promise<{ line: number; source: PreparedSource }[]> {
  const prepared: { line: number; source: PreparedSource }[] = [];
  const pace = preparePacer();
  for (let j = 0; j < lines.length; j++) {
    const l = lines[j];
    const turn = pace(l.raw.length);
    if (turn) await turn;
    try {
      const source = prepareSource(toInput(l, input.format, input.filename));
      prepared.push({ line: l.line, source });
      // The archived raw line is cleaned too, but that is the same change as its fields': not repeated.
      warnings.add(
        source.cleaned
          .filter((c) => c.field !== 'archive')
          .map((c) => ({ line: l.line, field: c.field, reason: c.message })),
      );
    } catch (e) {
      const issues = (e as ValidationError).issues ?? [{ field: undefined, message: (e as Error).message }];
      report.add(issues.map((i) => ({ line: l.line, field: i.field, reason: i.message })));
    }
  }
  return prepared;
}

const refusal = (e: unknown) =>
  `the database refused this record (${((e as Error).message ?? String(e)).split('\n').pop()!.trim().slice(0, 200)})`;

/**
 * Writes one batch under a savepoint. If the database refuses it (a value it cannot store), the
 * batch is rolled back to the savepoint and written record by record, so the refused records are
 * reported by line and every other one is kept, as for a record that fails validation.
 */
async function writeLines(
  tx: Tx,
  driver: DriverClient | null,
  actor: Actor | null,
  batch: { line: number; source: PreparedSource }[],
  now: Date,
  report: LineReport,
): Promise<UpsertResult[]> {
  if (batch.length === 0) return [];
  const attempt = async (items: typeof batch): Promise<UpsertResult[] | { error: unknown }> => {
    await tx.$executeRawUnsafe('SAVEPOINT import_batch');
    try {
      const r = await writeBatch(
        tx,
        actor,
        items.map((b) => b.source),
        now,
        { audit: false, driver },
      );
      await tx.$executeRawUnsafe('RELEASE SAVEPOINT import_batch');
      return r;
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw error;
      await tx.$executeRawUnsafe('ROLLBACK TO SAVEPOINT import_batch');
      return { error };
    }
  };
  const whole = await attempt(batch);
  if (Array.isArray(whole)) return whole;
  if (batch.length === 1) {
    report.add([{ line: batch[0].line, reason: refusal(whole.error) }]);
    return [];
  }
  const results: UpsertResult[] = [];
  for (const item of batch) {
    const one = await attempt([item]);
    if (Array.isArray(one)) results.push(...one);
    else report.add([{ line: item.line, reason: refusal(one.error) }]);
  }
  return results;
}

/** The format from the first non-blank bytes when neither the caller nor the file name says. */
async function withFormat(
  chunks: ImportChunks,
  filename: string,
  given: ImportFormat | undefined,
): Promise<{ format: ImportFormat; chunks: ImportChunks }> {
  if (given) return { format: given, chunks };
  const it = chunks[Symbol.asyncIterator]();
  const head: (Buffer | string)[] = [];
  let seen = '';
  for (let r = await it.next(); !r.done; r = await it.next()) {
    head.push(r.value);
    seen += typeof r.value === 'string' ? r.value.slice(0, 4096) : r.value.subarray(0, 4096).toString('utf8');
    if (seen.replace(/^\uFEFF/, '').trim() || seen.length > 65_536) break;
  }
  const format = detectFormat(filename, seen.replace(/^\uFEFF/, ''));
  async function* rest(): AsyncGenerator<Buffer | string> {
    yield* head;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  return { format, chunks: rest() };
}

const RUN = Symbol('importRun');

/** The run an import error ended (failed or interrupted), for a caller that reports it (the CLI). */
export function importRunOf(e: unknown): { importRunId: string; status: string } | undefined {
  return e && typeof e === 'object' ? (e as { [RUN]?: { importRunId: string; status: string } })[RUN] : undefined;
}

/** Names the run in the error, and in the problem JSON the API answers with. */
function tagError(e: unknown, importRunId: string, status: string): void {
  if (!e || typeof e !== 'object') return;
  Object.assign(e, { [RUN]: { importRunId, status } });
  if (e instanceof AppError) Object.assign(e, { extra: { ...(e.extra ?? {}), importRunId, importStatus: status } });
}

const TURN_POLL_MS = 500;

/**
 * One import writes at a time. A second one would wait for the first's commit at its first insert
 * (the corpus-count row), as one statement that the statement timeout cancels after 15 s; polling
 * a try-lock instead waits for as long as the first import runs, its heartbeat renewed meanwhile.
 */
async function takeTurn(tx: Tx): Promise<void> {
  for (;;) {
    const [r] = await tx.$queryRawUnsafe<{ ok: boolean }[]>(
      `SELECT pg_try_advisory_xact_lock(${TRANSACTION_LOCKS.sourceImport}) AS ok`,
    );
    if (r.ok) return;
    await new Promise((resolve) => setTimeout(resolve, TURN_POLL_MS));
  }
}

const TOTAL_KEYS: UpsertOutcome[] = ['added', 'updated', 'unchanged', 'duplicate'];

/**
 * JSON Lines / CSV import, all or nothing and always recorded.
 *
 * - The run record is written first, in its own short transaction (status running), and renewed
 *   by a heartbeat while the import runs.
 * - The file is read as a stream, one record at a time; each record is validated on its own: bad
 *   ones are reported by line (field and reason) and skipped, good ones are written in batches of
 *   IMPORT_BATCH through upsertSources' rules, so re-importing a file reports "unchanged".
 * - Every batch is written in ONE transaction, which also marks the run succeeded and records the
 *   audit event: either all the good lines are committed with a succeeded run, or none is. An
 *   error that stops the import (file too large, unreadable upload, a bug) rolls everything back
 *   and marks the run failed with the reason; a process killed mid-import or a database that went
 *   away loses its transaction with its connection, and the run is marked interrupted (here when
 *   the database is still reachable, else by interruptStaleImports once the heartbeat is stale).
 */
export async function importSources(
  db: Db,
  actor: Actor | null,
  input: ImportInput,
  opts: ImportOptions = {},
): Promise<ImportSummary> {
  const now = opts.now ?? new Date();
  const filename = input.filename.slice(0, 255) || 'upload';
  const runId = opts.runId ?? (await openImportRun(db, actor, { filename, format: input.format }, now));
  const stopHeartbeat = keepImportAlive(db, runId, opts.heartbeatMs);
  const report = new LineReport();
  const warnings = new LineReport('warnings');
  warnings.add(input.warnings ?? []);
  const counts: Record<UpsertOutcome, number> = { added: 0, updated: 0, unchanged: 0, duplicate: 0 };
  let total = 0;
  let format: ImportFormat | undefined = input.format;
  try {
    const source = await withFormat(input.chunks ?? Readable.from([input.content ?? '']), filename, input.format);
    format = source.format;
    const records = streamImport(source.chunks, source.format, opts.maxBytes ?? MAX_IMPORT_CHARS);
    const meta = { filename, format: source.format };
    // Each batch allocates and drops megabytes: the heap is kept near what it holds (see the util).
    await withBoundedHeapGrowth(() =>
      transactionWithDriver(
        db,
        async (tx, driver) => {
          await takeTurn(tx);
          // The next batch is read and prepared (CPU) while the previous one is written (database).
          let writing: Promise<void> = Promise.resolve();
          let writeError: { error: unknown } | null = null;
          const flush = async (lines: ParsedLine[]) => {
            const prepared = await prepareBatch(lines, meta, report, warnings);
            // The parsed lines are not needed once prepared: not held while the previous batch is written.
            lines.length = 0;
            await writing;
            if (writeError) throw writeError.error;
            writing = writeLines(tx, driver, actor, prepared, now, report).then(
              async (results) => {
                await releasePrismaDebugHistory();
                const t = tally(results);
                for (const k of TOTAL_KEYS) counts[k] += t[k];
                opts.onProgress?.(total);
              },
              (error: unknown) => {
                writeError = { error };
              },
            );
          };
          let batch: ParsedLine[] = [];
          try {
            for await (const item of records) {
              total++;
              if ('errors' in item) report.add(item.errors);
              else if (batch.push(item.good) === IMPORT_BATCH) {
                await flush(batch);
                batch = [];
              }
            }
            await flush(batch);
          } finally {
            await writing;
          }
          if (writeError) throw (writeError as { error: unknown }).error;
          if (total === 0)
            throw new ValidationError('The file is empty.', { issues: [{ field: 'content', message: 'is empty' }] });

          const errors = report.list();
          // A run the sweeper already declared interrupted (its heartbeat stalled) must not commit.
          const marked = await tx.importRun.updateMany({
            where: { id: runId, status: 'running' },
            data: {
              status: 'succeeded',
              format: source.format,
              finishedAt: new Date(),
              total,
              added: counts.added,
              updated: counts.updated,
              unchanged: counts.unchanged,
              duplicates: counts.duplicate,
              errors: errors as unknown as Prisma.InputJsonValue,
              warnings: warnings.list() as unknown as Prisma.InputJsonValue,
            },
          });
          if (marked.count !== 1) throw new Error('The import run was marked interrupted while it was still writing.');
          await recordAudit(tx, {
            actor,
            action: 'source.imported',
            entityType: 'import_run',
            entityId: runId,
            data: { filename, total, ...counts, errors: errors.length, warnings: warnings.list().length },
            at: now,
          });
        },
        IMPORT_TX,
      ),
    );
  } catch (e) {
    stopHeartbeat();
    const errors = report.list();
    tagError(e, runId, isDatabaseUnavailable(e) ? 'interrupted' : 'failed');
    if (isDatabaseUnavailable(e)) {
      await endImportRun(
        db,
        runId,
        'interrupted',
        'The database went away during the import; nothing from it was committed. Import the file again.',
        { format, total, errors },
      ).catch(() => {}); // still away: interruptStaleImports marks it once the heartbeat is stale
    } else {
      const reason = e instanceof AppError ? e.detail : 'An unexpected error stopped the import (see the server log).';
      await endImportRun(db, runId, 'failed', `${reason} Nothing from the file was committed.`, {
        format,
        total,
        errors,
      }).catch(() => {});
    }
    throw e;
  }
  stopHeartbeat();
  return {
    importRunId: runId,
    status: 'succeeded',
    filename,
    format: format ?? 'jsonl',
    total,
    added: counts.added,
    updated: counts.updated,
    unchanged: counts.unchanged,
    duplicates: counts.duplicate,
    errors: report.list(),
    warnings: warnings.list(),
  };
}
