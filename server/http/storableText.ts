import { isUtf8 } from 'node:buffer';
import querystring from 'node:querystring';
import type { FieldIssue } from '../errors/AppError.js';

/** The bytes a percent-encoded query component stands for, as Node's query parser reads them. */
function unescapeBuffer(s: string): Buffer {
  if (!s.includes('%')) return Buffer.from(s);
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const hex = s[i] === '%' ? s.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(s[i]));
  }
  return Buffer.from(bytes);
}

/**
 * The boundary rule for text a person sends (pipeline.ts applies it to every route's body, query and
 * path parameters before its schema): PostgreSQL stores neither a NUL character (text and jsonb refuse
 * it) nor an unpaired UTF-16 surrogate (jsonb refuses it; a text column would get U+FFFD instead, so
 * what was typed would be changed behind the writer's back). Both are refused with a 400 naming the
 * field. Text taken from outside (imports, feeds, pages) is cleaned instead: sources/text/cleanExternal.ts.
 */

// A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
// eslint-disable-next-line no-control-regex -- the NUL is what this looks for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Deeper than any schema of this app goes; a deeper value is refused before it is walked or parsed. */
export const MAX_DEPTH = 32;

function problemOf(s: string): string | null {
  const m = UNSTORABLE.exec(s);
  if (!m) return null;
  return m[0] === '\u0000'
    ? 'contains a NUL character (\\u0000), which cannot be stored'
    : 'contains an unpaired surrogate (\\uD800–\\uDFFF), which is not valid Unicode';
}

/**
 * Issues for every string (and object key) in `value` that cannot be stored as sent, named by their
 * dotted path under `prefix` as the schema's own issues are; and one issue when the value nests
 * deeper than MAX_DEPTH. Iterative, so a hostile nesting cannot exhaust the stack.
 */
export function unstorableText(value: unknown, prefix?: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: prefix ?? '', depth: 0 }];
  while (stack.length > 0 && issues.length < 20) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const problem = problemOf(v);
      if (problem) issues.push({ field: path || '(root)', message: problem });
      continue;
    }
    if (!v || typeof v !== 'object') continue;
    if (depth >= MAX_DEPTH) {
      issues.push({ field: path || '(root)', message: `nests deeper than ${MAX_DEPTH} levels` });
      continue;
    }
    for (const [key, child] of Object.entries(v)) {
      const problem = problemOf(key);
      if (problem) issues.push({ field: join(path, key), message: `field name ${problem}` });
      else stack.push({ v: child, path: join(path, key), depth: depth + 1 });
    }
  }
  return issues.reverse();
}

/**
 * Percent-encoded name=value pairs as sent (a query string, a form body): Node's parser turns bytes
 * that are not UTF-8 into U+FFFD without a word, so the raw pairs are checked here, by name. A stray
 * "%" that encodes nothing ("?q=100%") is kept literally by the parser and is fine.
 */
export function undecodablePairs(encoded: string, prefix?: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!encoded.includes('%')) return issues;
  for (const pair of encoded.split('&')) {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    if (!isUtf8(unescapeBuffer(name)))
      issues.push({ field: prefix ?? '(root)', message: 'a field name is not valid UTF-8' });
    else if (!isUtf8(unescapeBuffer(value))) {
      const field = querystring.unescape(name.replace(/\+/g, ' '));
      issues.push({ field: prefix ? `${prefix}.${field}` : field, message: 'is not valid UTF-8' });
    }
  }
  return issues;
}

export function undecodableQuery(url: string): FieldIssue[] {
  const q = url.indexOf('?');
  return q < 0 ? [] : undecodablePairs(url.slice(q + 1), 'query');
}

/**
 * body-parser's verify hook, before the body is decoded: bytes that are not UTF-8 would become U+FFFD
 * silently. The finding waits on the request for the pipeline, which names the field
 * (throwing here would become body-parser's 403).
 */
export function markUndecodableBody(
  req: { undecodableBody?: FieldIssue[]; undecodableBytes?: Buffer; headers: { 'content-type'?: string } },
  _res: unknown,
  buf: Buffer,
): void {
  const type = req.headers['content-type'] ?? '';
  if (type.includes('x-www-form-urlencoded')) {
    const issues = undecodablePairs(buf.toString('latin1'));
    if (issues.length) req.undecodableBody = issues;
  } else if (/charset=(?!"?utf-?8)/i.test(type)) {
    // Another declared charset (utf-16…): the parser decodes it as declared.
  } else if (!isUtf8(buf)) {
    req.undecodableBody = [{ field: 'body', message: 'is not valid UTF-8' }];
    // A route that cleans text from outside (an import) reports where the bytes were replaced.
    req.undecodableBytes = buf;
  }
}
