/**
 * WordNet's antonyms (lexicon/antonyms.json, written by scripts/build-grounding-lexicon.ts as compact
 * JSON: {"word":["opposite",…],…}) held as the file's text plus typed arrays, like the synonyms
 * (wordTable.ts says why: parsed, they were some 35,000 long-lived objects for the collector to mark).
 * A word's opposites become a Set when first asked for.
 */
import { WordTable } from './wordTable.js';

const MEMO_LIMIT = 100_000;

export class Antonyms {
  private readonly words: WordTable;
  /** The opposites of word entry e are the quoted words of text[listStart[e], listEnd[e]). */
  private readonly listStart: Int32Array;
  private readonly listEnd: Int32Array;
  private readonly sets = new Map<string, ReadonlySet<string> | undefined>();

  /** `extra`: opposites to add after the file's own, word by word. */
  constructor(
    private readonly text: string,
    private readonly extra: ReadonlyMap<string, readonly string[]>,
  ) {
    // The generator writes plain words; an escape would need a real JSON parser.
    if (text.includes('\\')) throw new Error('antonyms.json holds an escaped character');
    let entries = 0;
    for (let i = text.indexOf(':['); i >= 0; i = text.indexOf(':[', i + 2)) entries++;
    this.words = new WordTable(text, entries);
    this.listStart = new Int32Array(entries);
    this.listEnd = new Int32Array(entries);
    for (let at = text.indexOf('"'); at >= 0;) {
      const keyEnd = text.indexOf('"', at + 1);
      if (!text.startsWith(':[', keyEnd + 1)) throw new Error(`antonyms.json: no list after a word at ${at}`);
      const listEnd = text.indexOf(']', keyEnd);
      const e = this.words.add(at + 1, keyEnd);
      this.listStart[e] = keyEnd + 3;
      this.listEnd[e] = listEnd;
      at = text.indexOf('"', listEnd);
    }
  }

  /**
   * The opposites of a dictionary form, the file's in its order and then `extra`'s, or undefined when
   * it has none: as the Map of Sets that JSON.parse and the extra pairs used to build gave.
   */
  get(word: string): ReadonlySet<string> | undefined {
    if (this.sets.has(word)) return this.sets.get(word);
    const found = new Set<string>();
    const e = this.words.find(word);
    if (e >= 0) {
      // `"a","b"`: every other stretch between quotes is a word.
      for (let a = this.text.indexOf('"', this.listStart[e]); a >= 0 && a < this.listEnd[e];) {
        const b = this.text.indexOf('"', a + 1);
        found.add(this.text.slice(a + 1, b));
        a = this.text.indexOf('"', b + 1);
      }
    }
    for (const o of this.extra.get(word) ?? []) found.add(o);
    const out = found.size > 0 ? found : undefined;
    if (this.sets.size >= MEMO_LIMIT) this.sets.clear();
    this.sets.set(word, out);
    return out;
  }
}
