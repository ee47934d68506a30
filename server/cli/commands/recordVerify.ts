import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkPage, verifyRecordSignature } from '../../publishing/record/editorialRecord.js';
import type { CliCommand } from './types.js';

const USAGE = `Usage:
  npm run cli -- record:verify <https://site/news/slug[/v/N][/record.json]>
  npm run cli -- record:verify <record.json> --key <public-key.pem> [--page <page.html>]
A local record is checked against index.html in its own folder (the static export's layout) unless --page names the page.
`;

const LIMIT = 5 * 1024 * 1024;

async function get(url: string): Promise<string> {
  const res = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(15_000) });
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
  const text = await res.text();
  if (text.length > LIMIT) throw new Error(`GET ${url} returned more than 5 MB`);
  return text;
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = args[at + 1];
  args.splice(at, 2);
  return value;
}

interface Inputs {
  recordText: string;
  keyPem: string;
  pageHtml: string;
  where: string;
}

async function fromUrl(target: string): Promise<Inputs> {
  const u = new URL(target);
  u.search = '';
  u.hash = '';
  const pagePath = u.pathname.replace(/\/record\.json$/, '').replace(/\/$/, '');
  const recordUrl = `${u.origin}${pagePath}/record.json`;
  const [recordText, keyPem, pageHtml] = await Promise.all([
    get(recordUrl),
    get(`${u.origin}/.well-known/editorial-key`),
    get(`${u.origin}${pagePath}`),
  ]);
  return { recordText, keyPem, pageHtml, where: `${u.origin}${pagePath}` };
}

async function fromFile(file: string, keyFile: string | undefined, pageFile: string | undefined): Promise<Inputs> {
  if (!keyFile)
    throw new Error('a local record needs --key <public-key.pem> (the site serves it at /.well-known/editorial-key)');
  const page = pageFile ?? path.join(path.dirname(file), 'index.html');
  const [recordText, keyPem, pageHtml] = await Promise.all([
    readFile(file, 'utf8'),
    readFile(keyFile, 'utf8'),
    readFile(page, 'utf8').catch(() => {
      throw new Error(`cannot read the page ${page}; name it with --page <page.html>`);
    }),
  ]);
  return { recordText, keyPem, pageHtml, where: page };
}

export const recordVerify: CliCommand = {
  summary: "Check a publication's signed editorial record and that its page still shows the signed text",
  needsDatabase: false,
  async run({ argv, out, err }) {
    const args = [...argv];
    const keyFile = option(args, '--key');
    const pageFile = option(args, '--page');
    const [target, ...rest] = args;
    if (!target || rest.length) {
      err.write(USAGE);
      return 2;
    }
    let inputs: Inputs;
    try {
      inputs = /^https?:\/\//i.test(target) ? await fromUrl(target) : await fromFile(target, keyFile, pageFile);
    } catch (e) {
      err.write(`record:verify: ${(e as Error).message}\n`);
      return 2;
    }
    let record: unknown;
    try {
      record = JSON.parse(inputs.recordText);
    } catch {
      out.write('FAILED: the record is not JSON\n');
      return 1;
    }
    const signature = verifyRecordSignature(record, inputs.keyPem);
    if (!signature.ok) {
      out.write(`FAILED: ${signature.reason}\n`);
      return 1;
    }
    const page = checkPage(record, inputs.pageHtml);
    if (!page.ok) {
      out.write(`FAILED: signature valid (key ${signature.keyId}), but ${page.reason} (${inputs.where})\n`);
      return 1;
    }
    const r = record as {
      publication: { url: string | null; version: number };
      signOff: { reviewer: string; signedAt: string };
      revision: { number: number };
      sources: unknown[];
      corrections: unknown[];
    };
    out.write(
      `OK: signature valid (key ${signature.keyId}); the page's text matches ${page.hash}\n` +
        `  ${r.publication.url ?? inputs.where} version ${r.publication.version}: revision ${r.revision.number}, ` +
        `signed off by ${r.signOff.reviewer} at ${r.signOff.signedAt}; ${r.sources.length} source(s), ${r.corrections.length} correction(s)\n`,
    );
    return 0;
  },
};
