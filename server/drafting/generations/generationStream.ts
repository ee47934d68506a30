import type { Request, Response } from 'express';
import type { Db } from '../../db/connect.js';
import { NotFoundError } from '../../errors/AppError.js';
import { partialSections } from './partialJson.js';
import { watchGeneration, type GenerationWatch } from './wakeup.js';

export interface StreamOptions {
  /** How often the row is read; the worker writes progress at most every ~250 ms. */
  pollMs?: number;
  /** Comment lines keep proxies from closing a quiet connection. */
  keepAliveMs?: number;
  /** A stream never outlives this, even if the job is stuck (the browser reconnects). */
  maxMs?: number;
}

const STATUS_SELECT = {
  status: true,
  partialOutput: true,
  errorCode: true,
  error: true,
  offline: true,
  model: true,
  revision: { select: { id: true, number: true } },
} as const;

/**
 * Server-Sent Events for one generation: `status` when it changes, `progress`
 * with the streamed text and the sections readable so far, then `done` or
 * `failed` (failed also covers cancelled). It re-reads the row when this process
 * signals a change and polls it otherwise, so it works whichever process runs the
 * job, on PGlite and PostgreSQL alike.
 */
export async function streamGeneration(
  db: Db,
  req: Request,
  res: Response,
  ids: { briefingId: string; generationId: string },
  opts: StreamOptions = {},
): Promise<void> {
  const watch = watchGeneration(ids.generationId);
  try {
    await stream(db, req, res, ids, opts, watch);
  } finally {
    watch.close();
  }
}

async function stream(
  db: Db,
  req: Request,
  res: Response,
  ids: { briefingId: string; generationId: string },
  opts: StreamOptions,
  watch: GenerationWatch,
): Promise<void> {
  const first = await db.generation.findFirst({
    where: { id: ids.generationId, briefingId: ids.briefingId },
    select: STATUS_SELECT,
  });
  if (!first) throw new NotFoundError('No such generation.');

  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  res.write('retry: 2000\n\n');

  let closed = false;
  req.on('close', () => {
    closed = true;
    watch.close();
  });
  const send = (event: string, data: unknown) => {
    if (!closed) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };

  const pollMs = opts.pollMs ?? 250;
  const keepAliveMs = opts.keepAliveMs ?? 15_000;
  const deadline = Date.now() + (opts.maxMs ?? 30 * 60_000);
  let lastStatus: string | null = null;
  let lastText: string | null = null;
  let lastWrite = Date.now();
  let row: typeof first | null = first;

  while (!closed && row && Date.now() < deadline) {
    if (row.status !== lastStatus) {
      lastStatus = row.status;
      send('status', { status: row.status });
      lastWrite = Date.now();
    }
    const text = row.partialOutput ?? '';
    if (text !== (lastText ?? '') && text) {
      lastText = text;
      send('progress', { status: row.status, text, sections: partialSections(text) });
      lastWrite = Date.now();
    }
    if (row.status === 'succeeded') {
      send('done', { status: row.status, revision: row.revision, model: row.model, offline: row.offline });
      break;
    }
    if (row.status === 'failed' || row.status === 'cancelled') {
      send('failed', {
        status: row.status,
        error: { code: row.errorCode ?? row.status, message: row.error ?? 'Cancelled.' },
      });
      break;
    }
    if (Date.now() - lastWrite > keepAliveMs) {
      if (!closed) res.write(': keep-alive\n\n');
      lastWrite = Date.now();
    }
    await watch.next(pollMs);
    if (closed) break;
    row = await db.generation.findUnique({ where: { id: ids.generationId }, select: STATUS_SELECT });
  }
  if (!row && !closed)
    send('failed', { status: 'gone', error: { code: 'not_found', message: 'The generation no longer exists.' } });
  res.end();
}
