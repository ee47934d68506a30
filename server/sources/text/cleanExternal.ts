import type { FieldIssue } from '../../errors/AppError.js';

/**
 * Text taken from outside (feeds, fetched pages, import files) is stored, not refused: a NUL, which
 * PostgreSQL cannot store, is removed, and an unpaired UTF-16 surrogate, which is not Unicode, becomes
 * U+FFFD. What was changed is reported to the caller. Text a person sends through the API or a form is
 * refused instead (server/http/storableText.ts), so nothing they wrote changes behind their back.
 */
export interface Cleaned {
  text: string;
  /** "2 NUL characters removed, 1 unpaired surrogate replaced", or null when nothing changed. */
  note: string | null;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanExternal(text: string): Cleaned {
  const withoutNul = text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
  const nul = text.length - withoutNul.length;
  let surrogates = 0;
  const wellFormed = withoutNul.replace(LONE_SURROGATE, () => {
    surrogates++;
    return '\uFFFD';
  });
  const parts = [
    nul ? `${plural(nul, 'NUL character', 'NUL characters')} removed` : '',
    surrogates ? `${plural(surrogates, 'unpaired surrogate', 'unpaired surrogates')} replaced by U+FFFD` : '',
  ].filter(Boolean);
  return { text: wellFormed, note: parts.length ? parts.join(', ') : null };
}

/**
 * cleanExternal over every string of a parsed JSON value (a model's answer), each change reported
 * with the path of its field (`technicalBrief.0.text`). Returns the value itself when nothing changed.
 */
export function cleanExternalDeep<T>(value: T): { value: T; cleaned: FieldIssue[] } {
  const cleaned: FieldIssue[] = [];
  const walk = (v: unknown, path: string): unknown => {
    if (typeof v === 'string') {
      const c = cleanExternal(v);
      if (c.note) cleaned.push({ field: path || '(root)', message: c.note });
      return c.text;
    }
    if (Array.isArray(v)) return v.map((item, i) => walk(item, path ? `${path}.${i}` : String(i)));
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item, path ? `${path}.${k}` : k)]));
    return v;
  };
  const out = walk(value, '') as T;
  return cleaned.length ? { value: out, cleaned } : { value, cleaned };
}
