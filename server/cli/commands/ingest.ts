import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import cliProgress from 'cli-progress';
import type { CliCommand, CliContext } from './types.js';
import { AppError } from '../../errors/AppError.js';
import { importRunOf, importSources } from '../../commands/sources/importSources.js';
import { invalidUtf8LinesInFile } from '../../sources/imports/readUpload.js';
import { ingestSavedPage } from '../../commands/sources/ingestPage.js';
import { ingestFeedDocument } from '../../commands/feeds/ingestFeedDocument.js';
import { parseFeedFile, FEED_MAX_BYTES } from '../../sources/feeds/fetchFeed.js';
import { parseFeed } from '../../sources/feeds/parseFeed.js';
import { feedPublisher } from '../../sources/feeds/feedItemToInput.js';
import { safeFetch } from '../../sources/pages/safeFetch.js';
import { decodeHtml, extractArticle } from '../../sources/pages/extractArticle.js';
import { upsertSource } from '../../commands/sources/upsertSources.js';

interface Summary {
  /** Imports only: the run recorded for the file (see `npm run cli -- imports`). */
  importRunId?: string;
  status?: string;
  total?: number;
  added: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  errors: { line?: number; field?: string; reason: string }[];
  /** Lines stored after cleaning (imports only). */
  warnings?: { line: number; field?: string; reason: string }[];
}

const USAGE =
  'Usage: npm run cli -- ingest <feed-url | page-url | file.jsonl | file.csv | feed-file.xml | page.html --url URL> [--feed | --page] [--publisher NAME]';
const PROGRESS_THRESHOLD_BYTES = 1_000_000;

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

function fromOutcome(outcome: string): Summary {
  const s: Summary = { added: 0, updated: 0, unchanged: 0, duplicates: 0, errors: [] };
  if (outcome === 'duplicate') s.duplicates = 1;
  else s[outcome as 'added' | 'updated' | 'unchanged'] = 1;
  return s;
}

/** The first bytes of a file, to tell a JSON Feed from a JSON Lines import without reading it all. */
async function head(file: string, bytes = 2000): Promise<string> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await fh.close();
  }
}

/** A JSONL / CSV import, read from disk as a stream (a 200 MB file never sits in memory). */
async function importFile(ctx: CliContext, file: string): Promise<Summary> {
  const size = (await stat(file)).size;
  const tty = (ctx.out as NodeJS.WriteStream).isTTY === true;
  const bar =
    tty && size >= PROGRESS_THRESHOLD_BYTES
      ? new cliProgress.SingleBar(
          { stream: ctx.err, format: 'importing [{bar}] {percentage}% of the file | {eta}s left' },
          cliProgress.Presets.shades_classic,
        )
      : null;
  bar?.start(size, 0);
  let read = 0;
  async function* chunks(): AsyncGenerator<Buffer> {
    for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
      read += chunk.length;
      bar?.update(read);
      yield chunk;
    }
  }
  try {
    const summary = await importSources(ctx.db!.prisma, null, {
      warnings: await invalidUtf8LinesInFile(file),
      chunks: chunks(),
      filename: path.basename(file),
      format: /\.csv$/i.test(file) ? 'csv' : /\.(jsonl|ndjson|json)$/i.test(file) ? 'jsonl' : undefined,
    });
    return {
      importRunId: summary.importRunId,
      status: summary.status,
      total: summary.total,
      added: summary.added,
      updated: summary.updated,
      unchanged: summary.unchanged,
      duplicates: summary.duplicates,
      errors: summary.errors,
      warnings: summary.warnings,
    };
  } finally {
    bar?.stop();
  }
}

async function ingestFile(ctx: CliContext, file: string): Promise<Summary> {
  const db = ctx.db!.prisma;
  const ext = path.extname(file).toLowerCase();
  const looksLikeImport =
    ['.jsonl', '.ndjson', '.csv'].includes(ext) ||
    (ext === '.json' && !/"version"\s*:\s*"https:\/\/jsonfeed\.org/.test(await head(file)));
  if (looksLikeImport && !ctx.argv.includes('--feed')) return importFile(ctx, file);
  const bytes = await readFile(file);
  if (ext === '.html' || ext === '.htm') {
    const url = option(ctx.argv, '--url');
    if (!url) throw new Error('A saved page needs --url <address it was saved from>.');
    return fromOutcome(
      (await ingestSavedPage(db, null, { html: decodeHtml(bytes), url, filename: path.basename(file) })).outcome,
    );
  }
  const feed = parseFeedFile(bytes, pathToFileURL(path.resolve(file)).href);
  const r = await ingestFeedDocument(db, null, feed, {
    feedId: null,
    feedUrl: file,
    publisher:
      option(ctx.argv, '--publisher') ?? feedPublisher({ title: feed.title, url: feed.siteUrl ?? 'file://local' }),
    fetchedAt: new Date(),
  });
  return {
    added: r.counts.added,
    updated: r.counts.updated,
    unchanged: r.counts.unchanged,
    duplicates: r.counts.duplicate,
    errors: r.problems.map((reason) => ({ reason })),
  };
}

/** A URL is a feed if it parses as one (or --feed), else an article page (or --page). */
async function ingestUrl(ctx: CliContext, url: string): Promise<Summary> {
  const db = ctx.db!.prisma;
  const allowPrivate = ctx.config.sources.allowPrivateFetch;
  const res = await safeFetch(url, { allowPrivate, maxBytes: FEED_MAX_BYTES });
  const contentType = typeof res.headers['content-type'] === 'string' ? res.headers['content-type'] : undefined;
  const forcePage = ctx.argv.includes('--page');
  if (!forcePage) {
    try {
      const feed = parseFeed(res.body, { url: res.finalUrl, contentType });
      const r = await ingestFeedDocument(db, null, feed, {
        feedId: null,
        feedUrl: res.finalUrl,
        publisher: option(ctx.argv, '--publisher') ?? feedPublisher({ title: feed.title, url: res.finalUrl }),
        fetchedAt: new Date(),
        httpStatus: res.status,
      });
      return {
        added: r.counts.added,
        updated: r.counts.updated,
        unchanged: r.counts.unchanged,
        duplicates: r.counts.duplicate,
        errors: r.problems.map((reason) => ({ reason })),
      };
    } catch (e) {
      if (ctx.argv.includes('--feed') || !(e instanceof AppError && e.code === 'not_a_feed')) throw e;
    }
  }
  const html = decodeHtml(res.body, contentType);
  const article = extractArticle(html, res.finalUrl);
  const r = await upsertSource(db, null, {
    origin: 'page',
    url: res.finalUrl,
    canonicalUrl: article.canonicalUrl,
    publisher:
      option(ctx.argv, '--publisher') ??
      article.siteName ??
      new URL(article.canonicalUrl).hostname.replace(/^www\./, ''),
    title: article.title,
    author: article.byline ?? null,
    publishedAt: article.publishedAt ?? null,
    language: article.lang ?? null,
    text: article.text,
    archive: { contentType: 'text/html', body: html, httpStatus: res.status, meta: { requestedUrl: url, via: 'cli' } },
  });
  return fromOutcome(r.outcome);
}

export const ingestCommand: CliCommand = {
  summary: 'Ingest a feed URL, page URL, JSONL/CSV import, feed file or saved page; prints a JSON summary',
  needsDatabase: true,
  async run(ctx) {
    const target = ctx.argv.find(
      (a, i) => !a.startsWith('--') && !['--url', '--publisher'].includes(ctx.argv[i - 1] ?? ''),
    );
    if (!target) {
      ctx.err.write(USAGE + '\n');
      return 2;
    }
    try {
      const summary = /^https?:\/\//i.test(target) ? await ingestUrl(ctx, target) : await ingestFile(ctx, target);
      ctx.out.write(JSON.stringify(summary, null, 2) + '\n');
      return summary.errors.length > 0 && summary.added + summary.updated + summary.unchanged + summary.duplicates === 0
        ? 1
        : 0;
    } catch (e) {
      const reason = e instanceof AppError ? `${e.code}: ${e.detail}` : (e as Error).message;
      ctx.out.write(
        JSON.stringify(
          { ...importRunOf(e), added: 0, updated: 0, unchanged: 0, duplicates: 0, errors: [{ reason }] },
          null,
          2,
        ) + '\n',
      );
      return 1;
    }
  },
};
