/**
 * Sources cut into passages (sentences) for alignment: each passage's words with their
 * matching keys, figures and names, plus an inverted index from key to passages. Built once
 * per indexed source and kept with it, so a re-check after an edit only aligns the draft side.
 */
import { type WordToken, startsUpper } from './tokens.js';
import { splitSentences } from './sentences.js';
import type { Quantity } from './quantities.js';
import { type EntitySpan, extractEntities } from './entities.js';
import type { SourceIndex, TextIndex } from './sourceIndex.js';

export interface Passage {
  sourceId: string;
  field: 'body' | 'title';
  /** Sentence number within its field, from 0. */
  index: number;
  /** Paragraph number in the body, from 1 (0 for the title). */
  paragraph: number;
  /** Offsets in the field's original text. */
  start: number;
  end: number;
  text: string;
  /** Offsets of tokens are in the field's text. */
  tokens: WordToken[];
  keys: Set<string>;
  quantities: Quantity[];
  names: EntitySpan[];
}

export interface SourcePassages {
  sourceId: string;
  passages: Passage[];
  /** Which passages hold each content key. */
  postings: Postings;
  /**
   * How often each key is written with a capital away from a sentence start, and in lower case:
   * `casing.counts[2 * slot]` and `[2 * slot + 1]` for the key's slot.
   */
  casing: { slot: Map<string, number>; counts: Int32Array };
  /** Keys of the publisher and date shown beside the source ("MINING.com reports" is no new detail). */
  detailKeys: Set<string>;
}

/**
 * Passage numbers by key, in passage order: those of the key in slot k are `items[start[k]]` up to
 * `items[start[k + 1]]`. Numbers in typed arrays, not a list per key: a source holds a thousand
 * keys, and the collector would copy every list once the source is cached.
 */
export class Postings {
  constructor(
    private readonly slots: Map<string, number>,
    readonly start: Int32Array,
    readonly items: Int32Array,
  ) {}

  /** The key's slot, or -1 when no passage holds it. */
  slot(key: string): number {
    const k = this.slots.get(key);
    return k === undefined || this.start[k + 1] === this.start[k] ? -1 : k;
  }

  has(key: string): boolean {
    return this.slot(key) >= 0;
  }

  /** How many passages hold the key. */
  count(key: string): number {
    const k = this.slots.get(key);
    return k === undefined ? 0 : this.start[k + 1] - this.start[k];
  }
}

function passagesOf(sourceId: string, field: 'body' | 'title', ix: TextIndex): Passage[] {
  const text = ix.text;
  const tokens = ix.raw;
  // Tokens inside a figure or date, found in one pass: both lists run in text order.
  const inFigure = new Set<number>();
  for (let k = 0, q = 0; k < tokens.length && q < ix.quantities.length;) {
    const t = tokens[k];
    const f = ix.quantities[q];
    if (f.end <= t.start) q++;
    else {
      if (t.end > f.start) inFigure.add(t.start);
      k++;
    }
  }
  const taken = (t: { start: number }) => inFigure.has(t.start);
  const names = extractEntities(text, ix.raw, taken);
  const out: Passage[] = [];
  let paragraph = field === 'title' ? 0 : 1;
  let lastEnd = 0;
  let ti = 0;
  let qi = 0;
  let ni = 0;
  splitSentences(text).forEach((s, index) => {
    if (field === 'body' && /\n\s*\n/.test(text.slice(lastEnd, s.start))) paragraph++;
    lastEnd = s.end;
    while (ti < tokens.length && tokens[ti].end <= s.start) ti++;
    const first = ti;
    while (ti < tokens.length && tokens[ti].start < s.end) ti++;
    const toks = tokens.slice(first, ti);
    while (qi < ix.quantities.length && ix.quantities[qi].end <= s.start) qi++;
    const quantities: Quantity[] = [];
    for (let k = qi; k < ix.quantities.length && ix.quantities[k].start < s.end; k++) quantities.push(ix.quantities[k]);
    while (ni < names.length && names[ni].end <= s.start) ni++;
    const ns: EntitySpan[] = [];
    for (let k = ni; k < names.length && names[k].start < s.end; k++) ns.push(names[k]);
    out.push(new CutPassage(sourceId, field, index, paragraph, s.start, s.end, s.text, toks, quantities, ns));
  });
  return out;
}

function contentKeys(tokens: WordToken[]): Set<string> {
  const keys = new Set<string>();
  for (const t of tokens) if (t.content) keys.add(t.key);
  return keys;
}

/**
 * A passage as sourcePassages cuts it. Its key Set is made when first asked for: the postings are
 * built from the tokens, and only the passages some sentence is weighed against (455 of 977 in
 * the speed case) need the Set.
 */
class CutPassage implements Passage {
  private keySet: Set<string> | undefined;

  constructor(
    public sourceId: string,
    public field: 'body' | 'title',
    public index: number,
    public paragraph: number,
    public start: number,
    public end: number,
    public text: string,
    public tokens: WordToken[],
    public quantities: Quantity[],
    public names: EntitySpan[],
  ) {}

  get keys(): Set<string> {
    return (this.keySet ??= contentKeys(this.tokens));
  }
}

/** No letter with a case ("2025", "%"): such a token says nothing about names. Runs for every source token. */
function caseless(t: WordToken): boolean {
  if (t.lower !== t.raw) return false;
  const c = t.raw.charCodeAt(0);
  if (c >= 97 && c <= 122) return false;
  return t.raw === t.raw.toUpperCase();
}

const built = new WeakMap<SourceIndex, SourcePassages>();

export function sourcePassages(src: SourceIndex): SourcePassages {
  const hit = built.get(src);
  if (hit) return hit;
  const passages = [
    ...(src.title ? passagesOf(src.id, 'title', src.title) : []),
    ...passagesOf(src.id, 'body', src.body),
  ];
  // One slot per key, for the postings and the casing counts alike. A source has no more keys
  // than tokens, which bounds the counters; they are cut to size at the end.
  const slot = new Map<string, number>();
  const slotOf = (key: string) => {
    let k = slot.get(key);
    if (k === undefined) {
      k = slot.size;
      slot.set(key, k);
    }
    return k;
  };
  let bound = 0;
  for (const p of passages) bound += p.tokens.length;
  const start = new Int32Array(bound + 1);
  const counts = new Int32Array(2 * bound);
  // The passage a slot's key was last counted for: each passage's distinct content keys (what its
  // `keys` Set holds) are counted once, without making the Set.
  const lastIn = new Int32Array(bound).fill(-1);
  let pairs = 0;
  passages.forEach((p, i) => {
    // Titles are often all capitals and sentence starts are always capitalised: neither says "name".
    const cased = p.field !== 'title';
    p.tokens.forEach((t, j) => {
      if (t.content) {
        const k = slotOf(t.key);
        if (lastIn[k] !== i) {
          lastIn[k] = i;
          start[k + 1]++;
          pairs++;
        }
      }
      if (!cased || j === 0 || caseless(t)) return;
      const k = slotOf(t.key);
      counts[startsUpper(t.raw) ? 2 * k : 2 * k + 1]++;
    });
  });
  const slots = slot.size;
  for (let k = 0; k < slots; k++) start[k + 1] += start[k];
  const items = new Int32Array(pairs);
  const filled = start.slice(0, slots);
  lastIn.fill(-1);
  passages.forEach((p, i) => {
    for (const t of p.tokens) {
      if (!t.content) continue;
      const k = slot.get(t.key)!;
      if (lastIn[k] === i) continue;
      lastIn[k] = i;
      items[filled[k]++] = i;
    }
  });
  const postings = new Postings(slot, start.slice(0, slots + 1), items);
  const casing = { slot, counts: counts.slice(0, 2 * slots) };
  const detailKeys = new Set((src.details?.raw ?? []).filter((t) => t.content).map((t) => t.key));
  const out = { sourceId: src.id, passages, postings, casing, detailKeys };
  built.set(src, out);
  return out;
}
