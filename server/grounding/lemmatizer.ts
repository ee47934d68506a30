/**
 * wink-lemmatizer's three functions (verb, noun, adjective), step for step, over its own data:
 * wink-lexicon's WordNet words with their senses and its exception lists, as wink-lemmatizer loads
 * them. What differs is how the data is held: wink-lemmatizer keeps a dictionary object of 77,000
 * words and an array of sense lists, some 7 MB of heap that every major garbage collection marks
 * (about 8 ms of each forced full collection, measured); here the words are one text plus typed
 * arrays (`WordTable`), each with three bits for the parts of speech its senses allow, and wink's
 * objects are dropped once read. `test/unit/grounding/lemmatizer.test.ts` holds both to the same answers.
 */
import { createRequire } from 'node:module';
import { WordTable } from './wordTable.js';

const ADJECTIVE = 1;
const VERB = 2;
const NOUN = 4;

/** A word list with one lemma per word, as one text: "word\nlemma\n" per entry. */
class Exceptions {
  private readonly table: WordTable;
  private readonly lemmaStart: Int32Array;
  private readonly lemmaEnd: Int32Array;

  constructor(list: Record<string, string>) {
    const keys = Object.keys(list);
    const text = keys.map((k) => `${k}\n${list[k]}\n`).join('');
    this.table = new WordTable(text, keys.length);
    this.lemmaStart = new Int32Array(keys.length);
    this.lemmaEnd = new Int32Array(keys.length);
    let at = 0;
    for (const k of keys) {
      const entry = this.table.add(at, at + k.length);
      this.lemmaStart[entry] = at + k.length + 1;
      this.lemmaEnd[entry] = at + k.length + 1 + list[k].length;
      at = this.lemmaEnd[entry] + 1;
    }
  }

  /** The word's lemma, or undefined (wink: `exceptions[word]`, taken when truthy; no lemma is empty). */
  get(word: string): string | undefined {
    const e = this.table.find(word);
    if (e < 0 || this.lemmaEnd[e] === this.lemmaStart[e]) return undefined;
    return this.table.text.slice(this.lemmaStart[e], this.lemmaEnd[e]);
  }
}

interface Lexicon {
  words: WordTable;
  /** ADJECTIVE | VERB | NOUN by word entry. */
  kinds: Uint8Array;
  adjective: Exceptions;
  verb: Exceptions;
  noun: Exceptions;
}

let lexicon: Lexicon | undefined;

// Loaded on first use: reading wink's files costs ~150 ms of CPU, which a process that never checks a
// draft (a worker, the CLI's other commands) should not pay at start-up.
function load(): Lexicon {
  // wink-lexicon as wink-lemmatizer resolves it: the data that package would use.
  const wink = createRequire(createRequire(import.meta.url).resolve('wink-lemmatizer'));
  const files = [
    'wn-words',
    'wn-word-senses',
    'wn-adjective-exceptions',
    'wn-verb-exceptions',
    'wn-noun-exceptions',
  ].map((f) => wink.resolve(`wink-lexicon/src/${f}.js`));
  const [words, senses, adjective, verb, noun] = files.map((f) => wink(f) as unknown);
  const index = words as Record<string, number>;
  const senseMap = senses as number[][];
  const keys = Object.keys(index);
  const table = new WordTable(keys.join('\n'), keys.length);
  const kinds = new Uint8Array(keys.length);
  let at = 0;
  for (const k of keys) {
    const entry = table.add(at, at + k.length);
    at += k.length + 1;
    // wink's isAdjective / isVerb / isNoun: some sense of the word in the part of speech's range.
    for (const s of senseMap[index[k]]) {
      if (s < 2) kinds[entry] |= ADJECTIVE;
      if (s > 28 && s < 44) kinds[entry] |= VERB;
      if (s > 2 && s < 29) kinds[entry] |= NOUN;
    }
  }
  const out = {
    words: table,
    kinds,
    adjective: new Exceptions(adjective as Record<string, string>),
    verb: new Exceptions(verb as Record<string, string>),
    noun: new Exceptions(noun as Record<string, string>),
  };
  // Out of the module cache, wink's objects are garbage (unless wink-lemmatizer itself is loaded).
  for (const f of files) delete wink.cache[f];
  return out;
}

function is(word: string, kind: number): boolean {
  lexicon ??= load();
  const e = lexicon.words.find(word);
  return e >= 0 && (lexicon.kinds[e] & kind) !== 0;
}

export function adjective(word: string): string {
  lexicon ??= load();
  let lemma = lexicon.adjective.get(word);
  if (lemma) return lemma;
  lemma = word.replace(/est$|er$/, '');
  if (lemma.length === word.length) return word;
  if (is(lemma, ADJECTIVE)) return lemma;
  lemma += 'e';
  if (is(lemma, ADJECTIVE)) return lemma;
  return word;
}

export function verb(word: string): string {
  lexicon ??= load();
  let lemma = lexicon.verb.get(word);
  if (lemma) return lemma;
  lemma = word.replace(/s$/, '');
  if (lemma.length !== word.length && is(lemma, VERB)) return lemma;
  lemma = word.replace(/ies$/, 'y');
  if (lemma.length !== word.length && is(lemma, VERB)) return lemma;
  lemma = word.replace(/es$|ed$|ing$/, '');
  if (lemma.length !== word.length) {
    if (is(lemma, VERB)) return lemma;
    lemma += 'e';
    if (is(lemma, VERB)) return lemma;
  }
  return word;
}

const NOUN_RULES: [RegExp, string][] = [
  [/s$/, ''],
  [/ses$/, 's'],
  [/xes$/, 'x'],
  [/zes$/, 's'],
  [/ves$/, 'f'],
  [/ches$/, 'ch'],
  [/shes$/, 'sh'],
  [/men$/, 'man'],
  [/ies$/, 'y'],
];

export function noun(word: string): string {
  lexicon ??= load();
  const lemma = lexicon.noun.get(word);
  if (lemma) return lemma;
  for (const [re, by] of NOUN_RULES) {
    const l = word.replace(re, by);
    if (l.length !== word.length && is(l, NOUN)) return l;
  }
  return word;
}
