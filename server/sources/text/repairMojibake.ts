/**
 * Undoes the two most common encoding accidents in feed text:
 *
 * 1. UTF-8 that was decoded as windows-1252/latin-1 and re-encoded ("â€¦" for
 *    "…"). Only applied when the whole string maps back to bytes that form valid
 *    UTF-8 with at least one multi-byte sequence, which ordinary text almost
 *    never does by accident.
 * 2. C1 control characters (U+0080–U+009F) that are really windows-1252
 *    punctuation ("don\u0092t" → "don’t"); C1 controls never occur in real prose.
 */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';
const BYTE_OF = new Map<string, number>();
for (let i = 0; i < 32; i++) BYTE_OF.set(CP1252_HIGH[i], 0x80 + i);

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function undoDoubleEncoding(s: string): string {
  if (!/[\u00C2-\u00F4]/.test(s)) return s;
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const b = c <= 0xff ? c : BYTE_OF.get(s[i]);
    if (b === undefined) return s;
    bytes[i] = b;
  }
  try {
    const fixed = strictUtf8.decode(bytes);
    return fixed.length < s.length ? fixed : s;
  } catch {
    return s;
  }
}

function demoronize(s: string): string {
  return s.replace(/[\u0080-\u009F]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]);
}

export function repairMojibake(text: string): string {
  return demoronize(undoDoubleEncoding(text));
}
