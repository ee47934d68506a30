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
