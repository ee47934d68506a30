/**
 * WordNet's synsets (lexicon/synonyms.txt: one synset a line, its words separated by spaces), held
 * compactly for the life of the process: the file's text, a WordTable of its distinct words, and
 * typed arrays listing each word's synsets and each synset's line. See wordTable.ts for why: as a
 * Map of arrays this was 15.6 MB of small objects that every major garbage collection had to mark.
 */
import { WordTable } from './wordTable.js';

export class Synsets {
  private readonly words: WordTable;
  /** The synsets of word entry e are synsetIds[listStart[e]] … synsetIds[listStart[e + 1] - 1], in file order. */
  private readonly listStart: Int32Array;
  private readonly synsetIds: Int32Array;
  /** Synset s is the line text[lineStart[s], lineEnd[s]). */
  private readonly lineStart: Int32Array;
  private readonly lineEnd: Int32Array;

  constructor(private readonly text: string) {
    let newlines = 0;
    let spaces = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) newlines++;
      else if (c === 32) spaces++;
    }
    const separators = newlines + spaces + 1;
    // At most one word per separator, and one line per newline (plus one unless the text ends with it).
    this.words = new WordTable(text, separators);
    this.lineStart = new Int32Array(newlines + 1);
    this.lineEnd = new Int32Array(newlines + 1);
    const occurrenceEntry = new Int32Array(separators);
    const occurrenceLine = new Int32Array(separators);
    let lines = 0;
    let occurrences = 0;
    for (let pos = 0; pos < text.length;) {
      let end = text.indexOf('\n', pos);
      if (end < 0) end = text.length;
      // Empty lines are no synset (the file ends with a newline).
      if (end > pos) {
        this.lineStart[lines] = pos;
        this.lineEnd[lines] = end;
        this.forEachWord(lines, (a, b) => {
          occurrenceEntry[occurrences] = this.words.add(a, b);
          occurrenceLine[occurrences++] = lines;
        });
        lines++;
      }
      pos = end + 1;
    }
    // Each word's synsets as one slice of a shared array (counting, then filling in file order).
    this.listStart = new Int32Array(this.words.size + 1);
    for (let k = 0; k < occurrences; k++) this.listStart[occurrenceEntry[k] + 1]++;
    for (let e = 0; e < this.words.size; e++) this.listStart[e + 1] += this.listStart[e];
    this.synsetIds = new Int32Array(occurrences);
    const filled = this.listStart.slice(0, this.words.size);
    for (let k = 0; k < occurrences; k++) this.synsetIds[filled[occurrenceEntry[k]]++] = occurrenceLine[k];
  }

  /** Calls `fn` with every word of every synset `word` is in (repeats included), in file order. */
  forEachSynonym(word: string, fn: (synonym: string) => void): void {
    const e = this.words.find(word);
    if (e < 0) return;
    for (let k = this.listStart[e]; k < this.listStart[e + 1]; k++)
      this.forEachWord(this.synsetIds[k], (a, b) => fn(this.text.slice(a, b)));
  }

  /** Offsets of the words of synset s, split on single spaces as `line.split(' ')` would. */
  private forEachWord(s: number, fn: (start: number, end: number) => void): void {
    const end = this.lineEnd[s];
    for (let a = this.lineStart[s]; ;) {
      let b = this.text.indexOf(' ', a);
      if (b < 0 || b > end) b = end;
      fn(a, b);
      if (b === end) return;
      a = b + 1;
    }
  }
}
