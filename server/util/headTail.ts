/**
 * Keeps at most `max` characters of a text: its head and its tail, with a note
 * of how much was left out between them. Model output is stored this way: the
 * head shows what the model set out to write, the tail where it went wrong.
 */
export function headTail(text: string, max: number): string {
  if (text.length <= max) return text;
  const note = (n: number) => `\n\n[… ${n.toLocaleString('en-US')} characters omitted …]\n\n`;
  // The note's own length depends on the count; reserve for the widest one.
  const room = Math.max(0, max - note(text.length).length);
  let head = Math.ceil(room / 2);
  let tail = room - head;
  // Never cut a surrogate pair in half: a lone surrogate is not storable text.
  if (head > 0 && isHighSurrogate(text.charCodeAt(head - 1))) head--;
  if (tail > 0 && isLowSurrogate(text.charCodeAt(text.length - tail))) tail--;
  const omitted = text.length - head - tail;
  return text.slice(0, head) + note(omitted) + (tail > 0 ? text.slice(text.length - tail) : '');
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;
