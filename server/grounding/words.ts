/**
 * Word-level knowledge shared by alignment and the intrinsic checks: one matching key per word
 * (WordNet lemma, then Porter2 stem, so "rose" meets "rise" and "miners" meets "miner"),
 * function words, negation, hedging and speech cues, and opposites from WordNet.
 *
 * wink-lemmatizer (WordNet's exception lists: rose → rise, fell → fall, higher → high) and
 * wink-porter2-stemmer are small, MIT-licensed and dependency-light; the hand-written suffix
 * stripping they replace could not see irregular forms, which is exactly where direction words live.
 * The lemmatizer's rules run over its data held compactly (lemmatizer.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import stem from 'wink-porter2-stemmer';
import { projectRoot } from '../util/projectRoot.js';
import { lookupTable } from '../util/lookupTable.js';
import { Antonyms } from './antonyms.js';
import { adjective, noun, verb } from './lemmatizer.js';
import { Synsets } from './synsets.js';
import { WordTable } from './wordTable.js';

const FUNCTION_WORDS = [
  'a an the this that these those there here it its it’s itself he him his she her hers they them their theirs we us our',
  'ours i me my mine you your yours who whom whose which what where when why how whether if then than as so such',
  'of in on at by for from to into onto upon with within without about above below over under between among through',
  'during before after since until till against across along around behind beyond near off out up down per via',
  'and or but nor yet also too very just only even still both either neither each every all any some many much more',
  'most less least few fewer several other others another same own',
  'is are was were be been being am do does did doing done have has had having will would shall should can could may',
  'might must ought',
  'not no never none',
  'said says say saying told tells stated states added adds noted notes according',
  'mr mrs ms dr sen senator rep representative gov governor',
  'today yesterday tomorrow week month year day time',
  'one ones',
].join(' ');

const STOP = new Set(FUNCTION_WORDS.split(/\s+/));

/** Words that carry no checkable content on their own (function words, titles, speech verbs). */
export function isStopword(lower: string): boolean {
  return STOP.has(lower);
}

// wink-lemmatizer's functions over its data held compactly (lemmatizer.ts), loaded on first use.
const lemmatizer = { verb, noun, adjective };

const keyMemo = new Map<string, string>();
const MEMO_LIMIT = 100_000;

/** The matching key of a lower-cased word: numerals as they are, words lemmatised then stemmed. */
export function wordKey(lower: string): string {
  let k = keyMemo.get(lower);
  if (k !== undefined) return k;
  if (/^[\d.,]+$/.test(lower) || !/^[a-z][a-z'’-]*$/.test(lower)) k = lower;
  else {
    const w = lower.replace(/['’]s$/, '').replace(/’/g, "'");
    let l = lemmatizer.verb(w);
    if (l === w) l = lemmatizer.noun(w);
    k = stem(l);
  }
  if (keyMemo.size >= MEMO_LIMIT) keyMemo.clear();
  keyMemo.set(lower, k);
  return k;
}

const lemmaMemo = new Map<string, string[]>();

/** Every dictionary form the word may be an inflection of (for lexicon look-ups). */
export function lemmasOf(lower: string): string[] {
  let out = lemmaMemo.get(lower);
  if (out) return out;
  const w = lower.replace(/['’]s$/, '');
  out = [...new Set([w, lemmatizer.verb(w), lemmatizer.noun(w), lemmatizer.adjective(w)])];
  if (lemmaMemo.size >= MEMO_LIMIT) lemmaMemo.clear();
  lemmaMemo.set(lower, out);
  return out;
}

const verbMemo = new Map<string, string>();

/** The verb a word may be a form of ("said" → "say"), memoised like the keys. */
function verbOf(lower: string): string {
  let v = verbMemo.get(lower);
  if (v === undefined) {
    v = lemmatizer.verb(lower);
    if (verbMemo.size >= MEMO_LIMIT) verbMemo.clear();
    verbMemo.set(lower, v);
  }
  return v;
}

// ---- opposites ----------------------------------------------------------------------------

/*
 * WordNet links antonyms between adjectives, adverbs, nouns and verbs, but has no prepositions
 * (before/after, above/below as prepositions) and misses some verbs of policy news. These few
 * pairs complete it; everything else comes from WordNet (lexicon/antonyms.json).
 */
const SUPPLEMENT: [string, string][] = [
  ['before', 'after'],
  ['above', 'below'],
  ['support', 'oppose'],
  ['approve', 'reject'],
  ['approve', 'veto'],
  ['pass', 'reject'],
  ['increase', 'cut'],
  ['increase', 'reduce'],
  ['increase', 'decline'],
  ['increase', 'drop'],
  ['rise', 'drop'],
  ['rise', 'decline'],
  ['grow', 'shrink'],
  ['grow', 'decline'],
  ['expand', 'cut'],
  ['expand', 'reduce'],
  ['raise', 'cut'],
  ['gain', 'lose'],
  ['ban', 'allow'],
  ['ban', 'permit'],
  ['lift', 'impose'],
  ['most', 'least'],
  ['earlier', 'later'],
  ['higher', 'lower'],
  ['more', 'fewer'],
  ['surplus', 'deficit'],
  ['profit', 'loss'],
  ['win', 'lose'],
  ['victory', 'defeat'],
  ['overturn', 'uphold'],
  ['repeal', 'enact'],
];

let opposites: Antonyms | undefined;

function loadOpposites(): Antonyms {
  const extra = new Map<string, string[]>();
  const add = (a: string, b: string) => (extra.get(a) ?? extra.set(a, []).get(a)!).push(b);
  for (const [a, b] of SUPPLEMENT) {
    add(a, b);
    add(b, a);
  }
  return new Antonyms(readFileSync(path.join(projectRoot(), 'server/grounding/lexicon/antonyms.json'), 'utf8'), extra);
}

const oppositeMemo = new Map<string, ReadonlySet<string>>();
// Most words have no opposite: their memo entries share this one set rather than each holding its
// own (tens of thousands of empty sets in a long-running process, marked by every major collection).
const NONE: ReadonlySet<string> = new Set();

/** Dictionary forms that are opposites of some reading of this word. */
export function oppositesOf(lower: string): ReadonlySet<string> {
  let out = oppositeMemo.get(lower);
  if (out) return out;
  opposites ??= loadOpposites();
  const found = new Set<string>();
  for (const l of lemmasOf(lower)) for (const o of opposites.get(l) ?? []) found.add(o);
  out = found.size > 0 ? found : NONE;
  if (oppositeMemo.size >= MEMO_LIMIT) oppositeMemo.clear();
  oppositeMemo.set(lower, out);
  return out;
}

/**
 * Opposites of the verb an inflected form comes from ("left" → leave → arrive, stay), or undefined
 * when the word is no inflected verb. Used where the sentence shows the verb reading: "left Arsenal"
 * is not the opposite of "right".
 */
export function verbOppositesOf(lower: string): ReadonlySet<string> | undefined {
  const verb = verbOf(lower);
  if (verb === lower) return undefined;
  opposites ??= loadOpposites();
  return opposites.get(verb) ?? NONE;
}

/** True when some reading of `a` is an opposite of some reading of `b`. */
export function areOpposites(a: string, b: string): boolean {
  const opp = oppositesOf(a);
  if (opp.size === 0) return false;
  return lemmasOf(b).some((l) => opp.has(l));
}

// Both lexicons are held as their file's text plus typed arrays (wordTable.ts says why).
let common: WordTable | undefined;

function loadCommonWords(): WordTable {
  const text = readFileSync(path.join(projectRoot(), 'server/grounding/lexicon/common-words.txt'), 'utf8');
  // One entry per line, as `text.split('\n')` would give: the empty one after the last newline too.
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  const table = new WordTable(text, lines);
  for (let a = 0, b = text.indexOf('\n'); ; a = b + 1, b = text.indexOf('\n', a)) {
    table.add(a, b < 0 ? text.length : b);
    if (b < 0) return table;
  }
}

/** A word WordNet lists in lower case (a common word, not a name), in any inflection. */
export function isCommonWord(lower: string): boolean {
  common ??= loadCommonWords();
  if (STOP.has(lower)) return true;
  return lemmasOf(lower).some((l) => common!.find(l) >= 0);
}

let synsets: Synsets | undefined;
const synonymMemo = new Map<string, string[]>();

/**
 * Matching keys of the words WordNet puts in a synset with this one, in any of its senses
 * ("grapple" → deal, cope, contend…). Loose on purpose: it only tells reworded text from a detail
 * the sources never state, never that two statements agree.
 */
export function synonymKeys(lower: string): string[] {
  let out = synonymMemo.get(lower);
  if (out) return out;
  synsets ??= new Synsets(readFileSync(path.join(projectRoot(), 'server/grounding/lexicon/synonyms.txt'), 'utf8'));
  const own = wordKey(lower);
  const keys = new Set<string>();
  for (const lemma of lemmasOf(lower)) synsets.forEachSynonym(lemma, (w) => keys.add(wordKey(w)));
  keys.delete(own);
  out = [...keys];
  if (synonymMemo.size >= MEMO_LIMIT) synonymMemo.clear();
  synonymMemo.set(lower, out);
  return out;
}

// ---- cues -----------------------------------------------------------------------------------

const NEGATORS = new Set(['not', 'no', 'never', 'without', 'none', 'nor', 'neither', 'cannot', 'nobody', 'nothing']);
const NEGATING_VERBS = new Set(['fail', 'refuse', 'decline', 'lack']);
const NEGATING_ADJECTIVES = new Set(['unable', 'unwilling']);

/**
 * "not", "n't", "never", "without", and "failed/refused/unable to" (the verb or adjective only counts
 * before "to": "were unable to score" is "could not score").
 */
export function isNegation(lower: string, next?: string): boolean {
  if (NEGATORS.has(lower) || /n['’]t$/.test(lower)) return true;
  return next === 'to' && (NEGATING_ADJECTIVES.has(lower) || NEGATING_VERBS.has(verbOf(lower)));
}

/** Modal and reporting words that make a statement less than certain. */
export const HEDGES = lookupTable<true>({
  may: true,
  might: true,
  could: true,
  would: true,
  should: true,
  possibly: true,
  likely: true,
  unlikely: true,
  probably: true,
  perhaps: true,
  plan: true,
  plans: true,
  planned: true,
  propose: true,
  proposes: true,
  proposed: true,
  expect: true,
  expects: true,
  expected: true,
  intend: true,
  intends: true,
  aim: true,
  aims: true,
  seek: true,
  seeks: true,
  hope: true,
  hopes: true,
  consider: true,
  considering: true,
  reportedly: true,
  reported: true,
  allegedly: true,
  alleged: true,
  potential: true,
  potentially: true,
});

/** Words that state something as settled. */
export const CERTAINS = lookupTable<true>({
  will: true,
  confirmed: true,
  confirms: true,
  definitely: true,
  certainly: true,
});

const SPEECH = new Set([
  'say',
  'state',
  'add',
  'note',
  'announce',
  'tell',
  'explain',
  'argue',
  'warn',
  'urge',
  'claim',
  'declare',
  'remark',
  'comment',
  'insist',
  'emphasize',
  'emphasise',
  'stress',
  'assert',
  'write',
  'testify',
]);

/** A verb that reports speech ("said", "told", "warned"); "states" is more often the noun. */
export function isSpeechVerb(lower: string): boolean {
  if (lower === 'state' || lower === 'states') return false;
  return SPEECH.has(verbOf(lower));
}
