/**
 * A set of words cut from one text (a lexicon file), held as the text itself plus typed arrays.
 *
 * Why not a Set or Map of strings: the lexicons live for the whole process, and every major garbage
 * collection marks every object they hold. WordNet's synonyms as a Map of arrays of split strings were
 * some 230,000 objects and 15.6 MB of heap; this table is four objects whatever its size, so collections
 * during a check no longer pay for the lexicons. A look-up hashes the query and compares characters in
 * place, allocating nothing.
 */
export class WordTable {
  /** Start and end offsets in `text` of each distinct word, by entry number (order of first addition). */
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  /** Open addressing on the word's hash: entry number + 1, or 0 for an empty slot. */
  private readonly slots: Int32Array;
  private readonly mask: number;
  size = 0;

  constructor(
    readonly text: string,
    capacity: number,
  ) {
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    // At most half full, so probe runs stay short.
    let n = 1024;
    while (n < capacity * 2) n *= 2;
    this.slots = new Int32Array(n);
    this.mask = n - 1;
  }

  /** The entry number of text[start, end), added if it is not in the table yet. */
  add(start: number, end: number): number {
    let slot = hash(this.text, start, end) & this.mask;
    for (let e = this.slots[slot]; e !== 0; e = this.slots[slot]) {
      if (this.equals(e - 1, this.text, start, end)) return e - 1;
      slot = (slot + 1) & this.mask;
    }
    if (this.size === this.starts.length) throw new Error('WordTable: capacity exceeded');
    const entry = this.size++;
    this.starts[entry] = start;
    this.ends[entry] = end;
    this.slots[slot] = entry + 1;
    return entry;
  }

  /** The entry number of `word`, or -1 when the table does not hold it. */
  find(word: string): number {
    let slot = hash(word, 0, word.length) & this.mask;
    for (let e = this.slots[slot]; e !== 0; e = this.slots[slot]) {
      if (this.equals(e - 1, word, 0, word.length)) return e - 1;
      slot = (slot + 1) & this.mask;
    }
    return -1;
  }

  private equals(entry: number, s: string, start: number, end: number): boolean {
    const from = this.starts[entry];
    if (this.ends[entry] - from !== end - start) return false;
    for (let i = 0; i < end - start; i++) if (this.text.charCodeAt(from + i) !== s.charCodeAt(start + i)) return false;
    return true;
  }
}

/** FNV-1a over UTF-16 code units: cheap, and spreads short words well enough for a half-empty table. */
function hash(s: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
