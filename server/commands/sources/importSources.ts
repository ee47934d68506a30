import type { Db } from '../../db/connect.js';
import type { Actor } from '../../policies/actor.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { ValidationError } from '../../errors/AppError.js';
import { recordAudit } from '../../audit/recordAudit.js';
import { prepareSource, type PreparedSource } from '../../sources/ingest/prepareSource.js';
import {
  parseImport,
  MAX_ERRORS_REPORTED,
  type ImportFormat,
  type ImportLineError,
  type ParsedLine,
} from '../../sources/imports/parseImport.js';
import { tally, upsertPreparedSources, type BatchPlan } from './upsertSources.js';
import { MAX_IMPORT_CHARS } from '../../sources/imports/limits.js';
import { cleanExternal } from '../../sources/text/cleanExternal.js';

export interface ImportSummary {
  importRunId: string;
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

/**
 * Rows per transaction. 1,000 rather than 500 was 6-12 % faster at 100k sources
 * (the per-batch costs, the counts' upsert per distinct word above all, are
 * shared by twice the rows); other writers wait at most one batch (~1-2 s) for
 * the counts' lock.
 */
export const IMPORT_BATCH = 1_000;

function toInput(l: ParsedLine, format: ImportFormat, filename: string, origin: 'import' | 'api') {
  const r = l.record;
  return {
    origin,
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

/** A reason quoting a line (JSON.parse's message does) may hold what PostgreSQL cannot store. */
const storable = (e: ImportLineError): ImportLineError => ({ ...e, reason: cleanExternal(e.reason).text });

/** Records prepared between yields to the event loop, so an in-flight batch write keeps moving. */
const PREPARE_SLICE = 25;

async function prepareBatch(
  lines: ParsedLine[],
  input: { filename: string; format: ImportFormat },
  errors: ImportLineError[],
  warnings: ImportLineError[],
): Promise<PreparedSource[]> {
  const prepared: PreparedSource[] = [];
  for (let j = 0; j < lines.length; j++) {
    if (j > 0 && j % PREPARE_SLICE === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const l = lines[j];
    try {
      const p = prepareSource(toInput(l, input.format, input.filename, 'import'));
      prepared.push(p);
      // The archived raw line is cleaned too, but that is the same change as its fields': not repeated.
      for (const c of p.cleaned)
        if (c.field !== 'archive') warnings.push({ line: l.line, field: c.field, reason: c.message });
    } catch (e) {
      const issues = (e as ValidationError).issues ?? [{ field: undefined, message: (e as Error).message }];
      for (const i of issues) errors.push({ line: l.line, field: i.field, reason: i.message });
    }
  }
  return prepared;
}

/**
 * JSON Lines / CSV import. Each record is validated on its own: bad ones are
 * reported by line (field and reason) and skipped, good ones stored in
 * batches through upsertSources, so re-importing a file reports "unchanged".
 * The report is kept as an ImportRun.
 */
export async function importSources(
  db: Db,
  actor: Actor | null,
  input: { content: string; filename: string; format: ImportFormat; warnings?: ImportLineError[] },
  opts: { onProgress?: (done: number, total: number) => void; now?: Date } = {},
): Promise<ImportSummary> {
  if (input.content.length > MAX_IMPORT_CHARS) {
    throw new ValidationError(`The file is larger than ${MAX_IMPORT_CHARS / 1024 / 1024} MB; split it.`, {
      issues: [{ field: 'content', message: 'is too large' }],
    });
  }
  if (!input.content.trim())
    throw new ValidationError('The file is empty.', { issues: [{ field: 'content', message: 'is empty' }] });
  const now = opts.now ?? new Date();
  const parsed = parseImport(input.content, input.format);
  const errors = [...parsed.errors];
  const warnings = [...(input.warnings ?? [])];
  const counts = { added: 0, updated: 0, unchanged: 0, duplicate: 0 };
  const total = parsed.good.length;
  let written = 0;
  let failure: { error: unknown } | null = null;
  // Two batches are written at once, on two connections: the newer one starts
  // once the older one has decided its ids and copy links (BatchPlan), so both
  // databases' CPU work (text search vectors, index entries) overlaps; it sees
  // the older one's new sources through the plan, and its counts and audit wait
  // for the older one's commit. Meanwhile the next batch is prepared here.
  const inFlight: { plan: Promise<BatchPlan | null>; done: Promise<void> }[] = [];
  for (let i = 0; i < total && !failure; i += IMPORT_BATCH) {
    const prepared = await prepareBatch(parsed.good.slice(i, i + IMPORT_BATCH), input, errors, warnings);
    if (inFlight.length === 2) await inFlight.shift()!.done;
    let after: BatchPlan | undefined;
    const prior = inFlight[0];
    if (prior) {
      const plan = await prior.plan;
      // A record the older batch is inserting comes again: let that commit first, so this one finds it stored.
      if (!plan || prepared.some((p) => plan.urls.has(p.canonicalUrl))) await inFlight.shift()!.done;
      else after = plan;
    }
    if (failure) break;
    let planned!: (plan: BatchPlan | null) => void;
    const plan = new Promise<BatchPlan | null>((resolve) => (planned = resolve));
    const done = upsertPreparedSources(db, actor, prepared, now, { after, onPlanned: planned }).then(
      (results) => {
        const t = tally(results);
        for (const k of Object.keys(counts) as (keyof typeof counts)[]) counts[k] += t[k];
        written += prepared.length;
        opts.onProgress?.(Math.min(written, total), total);
      },
      (error: unknown) => {
        failure ??= { error };
      },
    );
    // A batch that failed (or wrote nothing) before deciding anything still releases the next one.
    void done.then(() => planned(null));
    inFlight.push({ plan, done });
  }
  await Promise.all(inFlight.map((f) => f.done));
  if (failure) throw (failure as { error: unknown }).error;
  const report = errors.sort((a, b) => a.line - b.line).map(storable);
  warnings.sort((a, b) => a.line - b.line);
  if (warnings.length > MAX_ERRORS_REPORTED) {
    const hidden = warnings.length - MAX_ERRORS_REPORTED;
    warnings.splice(MAX_ERRORS_REPORTED, hidden, { line: 0, reason: `…and ${hidden} more warnings not shown` });
  }

  const run = await db.$transaction(async (tx) => {
    const row = await tx.importRun.create({
      data: {
        filename: input.filename.slice(0, 255),
        format: input.format,
        createdById: actor?.userId ?? null,
        total: parsed.total,
        added: counts.added,
        updated: counts.updated,
        unchanged: counts.unchanged,
        duplicates: counts.duplicate,
        errors: report as unknown as Prisma.InputJsonValue,
        warnings: warnings as unknown as Prisma.InputJsonValue,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actor,
      action: 'source.imported',
      entityType: 'import_run',
      entityId: row.id,
      data: {
        filename: input.filename,
        total: parsed.total,
        ...counts,
        errors: report.length,
        warnings: warnings.length,
      },
    });
    return row;
  });
  return {
    importRunId: run.id,
    filename: input.filename,
    format: input.format,
    total: parsed.total,
    added: counts.added,
    updated: counts.updated,
    unchanged: counts.unchanged,
    duplicates: counts.duplicate,
    errors: report,
    warnings,
  };
}
