/**
 * Sentence transformations for the intrinsic-error evaluation. Written apart from the checker
 * on purpose: plain regular expressions and word tables of its own, no import from
 * server/grounding (no tokenizer, no lexicon, no quantity parser), so an error is made the way
 * an editor or a model would make it, not the way the checker looks for it.
 *
 * Each transform returns the new sentence and the changed region in it, or undefined when the
 * sentence offers nothing to change.
 */
import type { Rng } from '../prng.js';

export const ERROR_KINDS = [
  'direction',
  'polarity',
  'entity_swap',
  'place_swap',
  'number_swap',
  'date_swap',
  'attribution',
  'stitched',
  'modifier_moved',
  'added_detail',
] as const;
export const INVENTED_KINDS = [
  'invented_number',
  'invented_money',
  'invented_percent',
  'invented_date',
  'invented_name',
  'invented_quote',
] as const;
export const TRUE_KINDS = ['verbatim', 'trimmed', 'reordered', 'synonyms', 'passive', 'lowercased', 'oddcase'] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];
export type InventedKind = (typeof INVENTED_KINDS)[number];
export type TrueKind = (typeof TRUE_KINDS)[number];
export type Kind = ErrorKind | InventedKind | TrueKind;

export interface Changed {
  text: string;
  /** The changed region in `text` (the whole sentence for true sentences). */
  start: number;
  end: number;
  detail: string;
}

/** What a transform may look at besides its sentence. */
export interface Context {
  rng: Rng;
  /** The other usable sentences of the same release, in order, and this one's position. */
  sentences: string[];
  position: number;
  /** Title and body of the release. */
  release: string;
  /** Every source text of the case (release and distractors). */
  corpus: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const has = (corpus: string, word: string) => new RegExp(`\\b${escape(word)}\\b`, 'i').test(corpus);

function replaceAt(s: string, at: number, len: number, by: string, detail: string): Changed {
  return { text: s.slice(0, at) + by + s.slice(at + len), start: at, end: at + by.length, detail };
}

// ---------------------------------------------------------------------------------------------
// Predicate errors: direction and polarity.

const DIRECTION_PAIRS: [string, string][] = [
  ['increased', 'decreased'],
  ['increase', 'decrease'],
  ['increases', 'decreases'],
  ['increasing', 'decreasing'],
  ['rose', 'fell'],
  ['rise', 'fall'],
  ['rising', 'falling'],
  ['higher', 'lower'],
  ['more than', 'less than'],
  ['supports', 'opposes'],
  ['support', 'oppose'],
  ['supported', 'opposed'],
  ['approved', 'rejected'],
  ['approve', 'reject'],
  ['expand', 'reduce'],
  ['expanded', 'reduced'],
  ['gains', 'losses'],
  ['first', 'last'],
  ['majority', 'minority'],
  ['before', 'after'],
  ['above', 'below'],
  ['strengthen', 'weaken'],
  ['strengthens', 'weakens'],
  ['allow', 'prohibit'],
  ['allows', 'prohibits'],
  ['won', 'lost'],
  ['raise', 'lower'],
  ['improve', 'worsen'],
  ['largest', 'smallest'],
  ['maximum', 'minimum'],
  ['earlier', 'later'],
  ['added', 'removed'],
  ['include', 'exclude'],
  ['includes', 'excludes'],
  ['accept', 'refuse'],
  ['begin', 'end'],
  ['opened', 'closed'],
  ['import', 'export'],
  ['imports', 'exports'],
  ['best', 'worst'],
  ['success', 'failure'],
  ['safer', 'more dangerous'],
  ['cheaper', 'more expensive'],
];

export function direction(s: string, c: Context): Changed | undefined {
  const options: Changed[] = [];
  for (const [a, b] of DIRECTION_PAIRS) {
    for (const [from, to] of [
      [a, b],
      [b, a],
    ]) {
      const m = new RegExp(`\\b${escape(from)}\\b`, 'i').exec(s);
      if (!m || new RegExp(`\\b${escape(to)}\\b`, 'i').test(s)) continue;
      const cased = /^[A-Z]/.test(m[0]) ? to[0].toUpperCase() + to.slice(1) : to;
      options.push(replaceAt(s, m.index, m[0].length, cased, `${m[0]} -> ${cased}`));
    }
  }
  return options.length ? c.rng.pick(options) : undefined;
}

const AUX = /\b(is|are|was|were|will|would|can|could|should|has|have|had|does|did|must)\s+(?!not\b|n't)([a-z]+)/;

export function polarity(s: string, c: Context): Changed | undefined {
  const removals: Changed[] = [];
  const neg = /\b(is|are|was|were|will|would|could|should|has|have|had|does|did|do|must)\s+not\s+/i.exec(s);
  if (neg) removals.push(replaceAt(s, neg.index, neg[0].length, `${neg[1]} `, `removed "not" after ${neg[1]}`));
  const nt = /\b(is|are|was|were|does|did|do|has|have|had|would|could|should)n['’]t\b/i.exec(s);
  if (nt) removals.push(replaceAt(s, nt.index, nt[0].length, nt[1], `removed "n't"`));
  const never = /\bnever\s+/i.exec(s);
  if (never) removals.push(replaceAt(s, never.index, never[0].length, '', 'removed "never"'));
  const cannot = /\bcannot\b/i.exec(s);
  if (cannot) removals.push(replaceAt(s, cannot.index, cannot[0].length, 'can', 'cannot -> can'));
  const without = /\bwithout\b/i.exec(s);
  if (without) removals.push(replaceAt(s, without.index, without[0].length, 'with', 'without -> with'));
  const aux = AUX.exec(s);
  const additions: Changed[] = [];
  if (aux && !/\bnot\b|n't/.test(s)) {
    const at = aux.index + aux[1].length;
    additions.push(replaceAt(s, at, 0, ' not', `added "not" after ${aux[1]}`));
  }
  const verb =
    /\b(?:it|he|she|they|[A-Z][a-z]+)\s+(announced|introduced|supported|signed|voted|approved|received|secured|urged|called)\b/.exec(
      s,
    );
  if (verb && !/\bnot\b|n't|never/.test(s)) {
    const at = verb.index + verb[0].length - verb[1].length;
    const base = verb[1].replace(/ed$/, '').replace(/(ur|cur)$/, '$1e');
    const stems: Record<string, string> = {
      announced: 'announce',
      introduced: 'introduce',
      supported: 'support',
      signed: 'sign',
      voted: 'vote',
      approved: 'approve',
      received: 'receive',
      secured: 'secure',
      urged: 'urge',
      called: 'call',
    };
    const by = `did not ${stems[verb[1]] ?? base}`;
    additions.push(replaceAt(s, at, verb[1].length, by, `${verb[1]} -> ${by}`));
  }
  const options = [...removals, ...additions];
  return options.length ? c.rng.pick(options) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Entity errors: people and organisations, places.

const TITLE =
  /\b(?:Senators?|Sens?\.|Rep\.|Representative|Gov\.|Governor|Secretary|President|Chairman|Dr\.|Mr\.|Mrs\.|Ms\.)\s+((?:[A-Z][a-z'’-]+\.?\s+){0,2}[A-Z][a-z'’-]+)/g;
const ORG =
  /\b((?:the\s+)?(?:[A-Z][a-z]+\s+){1,4}(?:Department|Agency|Administration|Committee|Commission|Service|Bureau|Company|Corporation|Association|Council|University|Institute|Authority|Board|Office|Foundation|Center|Fund))\b/g;

/** "Senator Byrd" style names and organisation names of the release, as written there. */
function peopleIn(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(TITLE))
    out.add(
      m[1]
        .split(/\s+/)
        .pop()!
        .replace(/['’]s$/, ''),
    );
  return [...out].filter((n) => n.length > 2 && !/^(The|This|That|Senate|House)$/.test(n));
}

function orgsIn(text: string): string[] {
  return [...new Set([...text.matchAll(ORG)].map((m) => m[1].replace(/^the\s+/, '')))];
}

function swapFrom(s: string, present: string[], pool: string[], c: Context, label: string): Changed | undefined {
  const options: Changed[] = [];
  for (const name of present) {
    const m = new RegExp(`\\b${escape(name)}\\b`).exec(s);
    if (!m) continue;
    const others = pool.filter((o) => o !== name && !s.includes(o) && !o.includes(name) && !name.includes(o));
    if (others.length === 0) continue;
    const by = c.rng.pick(others);
    options.push(replaceAt(s, m.index, name.length, by, `${label}: ${name} -> ${by}`));
  }
  return options.length ? c.rng.pick(options) : undefined;
}

export function entitySwap(s: string, c: Context): Changed | undefined {
  const people = peopleIn(c.release);
  const orgs = orgsIn(c.release);
  return (
    swapFrom(
      s,
      people.filter((p) => s.includes(p)),
      people,
      c,
      'person',
    ) ??
    swapFrom(
      s,
      orgs.filter((o) => s.includes(o)),
      orgs,
      c,
      'organisation',
    )
  );
}

const PLACES = [
  'Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia Hawaii Idaho Illinois',
  'Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota Mississippi Missouri',
  'Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania Tennessee Texas Utah Vermont Virginia Washington',
  'Wisconsin Wyoming China Canada Mexico Iraq Iran Russia Japan India Venezuela Alaska Appalachia Chicago Boston',
  'Denver Houston Seattle Portland Pittsburgh Charleston Cleveland Detroit Louisville',
]
  .join(' ')
  .split(' ')
  .concat(['New York', 'New Mexico', 'New Jersey', 'West Virginia', 'North Dakota', 'South Dakota', 'North Carolina'])
  .concat(['South Carolina', 'Rhode Island', 'New Hampshire', 'Saudi Arabia', 'Gulf Coast', 'Salt Lake City']);

export function placeSwap(s: string, c: Context): Changed | undefined {
  const inRelease = PLACES.filter((p) => new RegExp(`\\b${escape(p)}\\b`).test(c.release));
  const inSentence = inRelease
    .filter((p) => new RegExp(`\\b${escape(p)}\\b`).test(s))
    // "West Virginia" contains "Virginia": swap the longer name only.
    .filter((p, _, all) => !all.some((q) => q !== p && q.includes(p)));
  const pool = inRelease.filter((p) => !inSentence.some((q) => q.includes(p) || p.includes(q)));
  return swapFrom(s, inSentence, pool, c, 'place');
}

const SPEAKER = [
  /\b((?:Senator|Sen\.|Rep\.|Secretary|Governor|Gov\.)\s+(?:[A-Z][a-z'’-]+\.?\s+){0,2}[A-Z][a-z'’-]+)\s+(said|says|stated|added|noted|announced|explained|warned|urged)\b/,
  /\b(said|says|stated|added|noted)\s+((?:Senator|Sen\.|Rep\.|Secretary)?\s*(?:[A-Z][a-z'’-]+\.?\s+){0,2}[A-Z][a-z'’-]+)/,
  /\b([A-Z][a-z'’-]+)\s+(said|says|stated|added|noted|announced|explained|warned|urged)\b/,
  /\baccording to\s+((?:Senator|Sen\.)?\s*(?:[A-Z][a-z'’-]+\s+){0,2}[A-Z][a-z'’-]+)/,
];

export function attribution(s: string, c: Context): Changed | undefined {
  const people = peopleIn(c.release);
  for (const re of SPEAKER) {
    const m = re.exec(s);
    if (!m) continue;
    const speaker = /^(said|says|stated|added|noted)$/.test(m[1]) ? m[2] : m[1];
    const surname = speaker.trim().split(/\s+/).pop()!;
    if (!people.includes(surname)) continue;
    const others = people.filter((p) => p !== surname && !s.includes(p));
    if (others.length === 0) continue;
    const by = c.rng.pick(others);
    const at = s.indexOf(surname, m.index);
    return replaceAt(s, at, surname.length, by, `speaker ${surname} -> ${by}`);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Circumstance errors: numbers and dates moved from elsewhere in the release.

const NUMBER =
  /(?:\$\s?)?\b\d{1,3}(?:,\d{3})+(?:\.\d+)?\b(?:\s(?:million|billion))?%?|(?:\$\s?)?\b\d+(?:\.\d+)?\b(?:\s(?:million|billion|percent))?%?/g;
const YEAR = /^(?:19|20)\d\d$/;

function shapeOf(n: string): string {
  if (n.startsWith('$')) return 'money';
  if (/%|percent/.test(n)) return 'percent';
  return 'count';
}

function numbersIn(text: string): string[] {
  return [...text.matchAll(NUMBER)].map((m) => m[0].trim()).filter((n) => !YEAR.test(n));
}

export function numberSwap(s: string, c: Context): Changed | undefined {
  const pool = [...new Set(numbersIn(c.release))];
  const options: Changed[] = [];
  for (const m of s.matchAll(NUMBER)) {
    const n = m[0].trim();
    if (YEAR.test(n) || /^\d$/.test(n)) continue;
    const others = pool.filter((o) => o !== n && shapeOf(o) === shapeOf(n) && !s.includes(o) && !/^\d$/.test(o));
    if (others.length === 0) continue;
    const by = c.rng.pick(others);
    options.push(replaceAt(s, m.index, n.length, by, `${n} -> ${by}`));
  }
  return options.length ? c.rng.pick(options) : undefined;
}

const MONTHS = 'January February March April May June July August September October November December'.split(' ');

export function dateSwap(s: string, c: Context): Changed | undefined {
  const options: Changed[] = [];
  const years = [...new Set(c.release.match(/\b(?:19|20)\d\d\b/g) ?? [])];
  for (const m of s.matchAll(/\b(?:19|20)\d\d\b/g)) {
    const others = years.filter((y) => y !== m[0] && !s.includes(y));
    if (others.length) options.push(replaceAt(s, m.index, 4, c.rng.pick(others), `year ${m[0]}`));
  }
  const months = MONTHS.filter((mo) => new RegExp(`\\b${mo}\\b`).test(c.release));
  for (const mo of MONTHS) {
    const m = new RegExp(`\\b${mo}\\s+\\d`).exec(s) ?? new RegExp(`\\bin\\s+${mo}\\b`).exec(s);
    if (!m) continue;
    const at = s.indexOf(mo, m.index);
    const others = months.filter((o) => o !== mo && !s.includes(o));
    if (others.length) options.push(replaceAt(s, at, mo.length, c.rng.pick(others), `month ${mo}`));
  }
  return options.length ? c.rng.pick(options) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Discourse errors: a sentence stitched from two, a modifier on the wrong noun, an added detail.

const VERB_SPLIT =
  /\s(will|would|has|have|had|is|are|was|were|said|announced|introduced|secured|received|provides?|provided|includes?|included|requires?|required|called|urged|voted|passed|approved|signed|helped|allows?|creates?|created|expects?|plans?|supports?|sponsored)\s/;

export function stitched(s: string, c: Context): Changed | undefined {
  const a = VERB_SPLIT.exec(s);
  if (!a || a.index < 12) return undefined;
  const subject = s.slice(0, a.index);
  // A subject of function words only ("But I did say that we") carries nothing from its sentence.
  if (subject.split(/\s+/).filter((w) => /^[A-Z]|^[a-z]{5,}/.test(w)).length < 2) return undefined;
  const donors = c.sentences
    .map((t, i) => ({ t, i }))
    .filter(({ t, i }) => Math.abs(i - c.position) >= 2 && t !== s)
    .map(({ t }) => ({ t, m: VERB_SPLIT.exec(t) }))
    .filter(({ t, m }) => m && m.index >= 12 && t.length - m.index > 25);
  if (donors.length === 0) return undefined;
  const d = c.rng.pick(donors);
  const predicate = d.t.slice(d.m!.index);
  const text = subject + predicate;
  return { text, start: subject.length, end: text.length, detail: `subject of one sentence, predicate of another` };
}

const MODIFIERS = [
  'federal',
  'national',
  'local',
  'new',
  'additional',
  'economic',
  'public',
  'rural',
  'private',
  'significant',
  'major',
  'annual',
  'international',
  'domestic',
  'foreign',
  'small',
  'large',
  'clean',
  'renewable',
  'underground',
  'emergency',
  'critical',
  'environmental',
  'higher',
  'low-income',
  'elderly',
  'independent',
  'commercial',
];

export function modifierMoved(s: string, c: Context): Changed | undefined {
  const options: Changed[] = [];
  for (const mod of MODIFIERS) {
    const m = new RegExp(`\\b${mod}\\s+([a-z]{4,})\\b`).exec(s);
    if (!m) continue;
    const without = s.slice(0, m.index) + s.slice(m.index + mod.length + 1);
    // Another noun phrase: a determiner followed by a lower-case word that is not the old head.
    const targets = [...without.matchAll(/\b(the|a|an|its|their|his|her|of|for|to)\s+([a-z]{4,})\b/g)].filter(
      (t) =>
        t[2] !== m[1] && !MODIFIERS.includes(t[2]) && !/^(that|this|these|those|which|from|with|have|been)$/.test(t[2]),
    );
    if (targets.length === 0) continue;
    const t = c.rng.pick(targets);
    const at = t.index + t[0].length - t[2].length;
    const text = without.slice(0, at) + mod + ' ' + without.slice(at);
    if (text === s) continue;
    options.push({ text, start: at, end: at + mod.length + 1 + t[2].length, detail: `${mod}: ${m[1]} -> ${t[2]}` });
  }
  return options.length ? c.rng.pick(options) : undefined;
}

const DETAILS = [
  ' after a closed-door meeting with industry lobbyists',
  ' despite strong objections from several governors',
  ' following a lengthy internal investigation',
  ' under heavy pressure from environmental groups',
  ' with unanimous backing from the committee',
  ' as part of a confidential settlement',
  ' in response to a wave of consumer complaints',
  ' over the objections of the agency’s inspector general',
  ' after months of secret negotiations',
  ' with funding diverted from highway projects',
];

export function addedDetail(s: string, c: Context): Changed | undefined {
  const options = DETAILS.filter((d) =>
    d
      .trim()
      .split(/\s+/)
      .filter((w) => w.length > 5)
      .every((w) => !has(c.corpus, w.replace(/[’']s$/, ''))),
  );
  if (options.length === 0 || !/[.!?]$/.test(s)) return undefined;
  const detail = c.rng.pick(options);
  const end = s.length - 1;
  const text = s.slice(0, end) + detail + s.slice(end);
  return { text, start: end, end: end + detail.length, detail: detail.trim() };
}

// ---------------------------------------------------------------------------------------------
// Invented facts: values and names no source of the case contains.

const INVENTED_NAMES = [
  'Harlan Whitcombe',
  'Marisol Quennell',
  'Tobias Ferriday',
  'Northgate Minerals',
  'Calloway Resources',
  'the Pinecrest Institute',
  'Brennan Oakshott',
  'the Halverson Foundation',
  'Delphine Marchbanks',
  'Ridgeline Energy Partners',
];

function notIn(corpus: string, candidate: string): boolean {
  return !corpus.includes(candidate);
}

function scaleNumber(n: string, rng: Rng): string {
  const digits = n.replace(/[^\d.]/g, '');
  const v = Number(digits);
  const factor = rng.pick([1.37, 0.61, 2.4, 1.8, 0.45, 3.1]);
  let w = v * factor;
  w = digits.includes('.') ? Math.round(w * 10) / 10 : Math.max(2, Math.round(w));
  if (w === v) w = v + 7;
  const grouped = /,/.test(n) ? w.toLocaleString('en-US') : String(w);
  return n.replace(/[\d.,]*\d/, grouped);
}

function inventFigure(s: string, c: Context, shape: 'count' | 'money' | 'percent'): Changed | undefined {
  for (const m of s.matchAll(NUMBER)) {
    const n = m[0].trim();
    if (YEAR.test(n) || shapeOf(n) !== shape || /^\d$/.test(n)) continue;
    for (let tries = 0; tries < 4; tries++) {
      const by = scaleNumber(n, c.rng);
      const bare = by.replace(/^\$\s?/, '').replace(/%$|\s(percent|million|billion)$/, '');
      if (notIn(c.corpus, bare) && by !== n) return replaceAt(s, m.index, n.length, by, `${n} -> ${by}`);
    }
  }
  return undefined;
}

export const inventedNumber = (s: string, c: Context) => inventFigure(s, c, 'count');
export const inventedMoney = (s: string, c: Context) => inventFigure(s, c, 'money');
export const inventedPercent = (s: string, c: Context) => inventFigure(s, c, 'percent');

export function inventedDate(s: string, c: Context): Changed | undefined {
  const m = /\b(?:19|20)\d\d\b/.exec(s);
  if (!m) return undefined;
  for (const shift of [3, -4, 6, -7, 9]) {
    const y = String(Number(m[0]) + shift);
    if (notIn(c.corpus, y)) return replaceAt(s, m.index, 4, y, `year ${m[0]} -> ${y}`);
  }
  return undefined;
}

export function inventedName(s: string, c: Context): Changed | undefined {
  const names = [...peopleIn(c.release), ...orgsIn(c.release)].filter((n) => s.includes(n));
  const fresh = INVENTED_NAMES.filter((n) => notIn(c.corpus, n.replace(/^the /, '')));
  if (names.length === 0 || fresh.length === 0) return undefined;
  const name = c.rng.pick(names);
  const by = c.rng.pick(fresh).replace(/^the /, '');
  return replaceAt(s, s.indexOf(name), name.length, by, `${name} -> ${by}`);
}

const INVENTED_QUOTES = ['“a historic turning point”', '“nothing short of reckless”', '“long overdue relief”'];

export function inventedQuote(s: string, c: Context): Changed | undefined {
  const q = /["“]([^"”]{12,})["”]/.exec(s);
  if (q) {
    const words = q[1].split(/\s+/);
    if (words.length >= 4) {
      const i = 1 + c.rng.int(words.length - 2);
      const swapped = [...words];
      swapped[i] = c.rng.pick(['never', 'fully', 'quietly', 'entirely', 'deliberately']);
      const inner = swapped.join(' ');
      if (!c.corpus.includes(inner)) {
        const at = q.index + 1;
        return replaceAt(s, at, q[1].length, inner, `quote altered`);
      }
    }
  }
  if (!/[.!?]$/.test(s)) return undefined;
  const quote = c.rng.pick(INVENTED_QUOTES);
  const end = s.length - 1;
  const add = `, calling it ${quote}`;
  return { text: s.slice(0, end) + add + s.slice(end), start: end + 13, end: end + add.length, detail: 'quote added' };
}

// ---------------------------------------------------------------------------------------------
// True sentences: the same facts, written differently.

export function trimmed(s: string, c: Context): Changed | undefined {
  // Cutting words out of a quotation would misquote; only the narration around quotes is trimmed.
  if (/["“”]/.test(s)) return undefined;
  const lead =
    /^(In addition|Additionally|Also|Today|Further|Furthermore|However|Meanwhile|Currently|Specifically),\s+/.exec(s);
  const options: string[] = [];
  if (lead) options.push(s.slice(lead[0].length, lead[0].length + 1).toUpperCase() + s.slice(lead[0].length + 1));
  const paren = /\s\([^)]{2,40}\)/.exec(s);
  if (paren) options.push(s.slice(0, paren.index) + s.slice(paren.index + paren[0].length));
  const tail = /,\s(?:which|including|and|but|as well as|while)\s[^,]+[.!?]$/.exec(s);
  if (tail && tail.index > 40) options.push(s.slice(0, tail.index) + s.slice(-1));
  if (options.length === 0) return undefined;
  const text = c.rng.pick(options);
  return { text, start: 0, end: text.length, detail: 'trimmed' };
}

const STARTERS =
  /^(?:The|A|An|This|These|That|Those|It|Its|In|On|Within|By|For|One|Our|We|Their|They|He|She|His|Her|There|Some|Many|All|Each|Both|Under|After|Before|With|Without|If|When|While|As|At|To|From|Of|Most|More|Such|Any|Every|No|Only|Also)\b/;

export function reordered(s: string, c: Context): Changed | undefined {
  if (/^[*•-]/.test(s)) return undefined;
  const options: string[] = [];
  const pp = /\s((?:in|on|during|by|since|through|earlier this|last|this) [^,;]{3,40})([.!?])$/.exec(s);
  if (pp && pp.index > 25 && !/\bsaid\b/.test(pp[1])) {
    const rest = s.slice(0, pp.index);
    const first = STARTERS.test(rest) ? rest[0].toLowerCase() + rest.slice(1) : rest;
    options.push(`${pp[1][0].toUpperCase()}${pp[1].slice(1)}, ${first}${pp[2]}`);
  }
  const lead = /^((?:In|On|During|Since|Last|This|Earlier) [^,]{3,40}),\s+(.+)([.!?])$/.exec(s);
  if (lead) {
    const body = lead[2];
    options.push(`${body[0].toUpperCase()}${body.slice(1)} ${lead[1][0].toLowerCase()}${lead[1].slice(1)}${lead[3]}`);
  }
  const said = /^(.{20,}?),\s+((?:Senator|Sen\.)?\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+said([.!?])$/.exec(s);
  if (said) options.push(`${said[2]} said ${said[1][0].toLowerCase()}${said[1].slice(1)}${said[3]}`);
  if (options.length === 0) return undefined;
  const text = c.rng.pick(options);
  return { text, start: 0, end: text.length, detail: 'reordered' };
}

const SYNONYMS: Record<string, string> = {
  help: 'assist',
  helps: 'assists',
  helped: 'assisted',
  purchase: 'buy',
  funding: 'funds',
  stated: 'said',
  important: 'significant',
  ensure: 'make sure',
  receive: 'get',
  received: 'got',
  additional: 'extra',
  approximately: 'about',
  begin: 'start',
  began: 'started',
  currently: 'now',
  numerous: 'many',
  require: 'need',
  requires: 'needs',
  provide: 'give',
  provides: 'gives',
  legislation: 'bill',
  announced: 'said',
  obtain: 'get',
  assist: 'help',
  allow: 'let',
  reduce: 'lower',
  increase: 'raise',
  major: 'big',
  large: 'big',
  quickly: 'fast',
  attempt: 'try',
  individuals: 'people',
  residents: 'people',
  vehicles: 'cars',
  demonstrate: 'show',
  continue: 'keep',
  commence: 'begin',
  sufficient: 'enough',
  urged: 'pressed',
  critical: 'crucial',
  significant: 'substantial',
  efforts: 'work',
  construct: 'build',
  construction: 'building',
  initiative: 'plan',
  proposal: 'plan',
  examine: 'review',
  concerns: 'worries',
};

export function synonyms(s: string, c: Context): Changed | undefined {
  // Words inside a quotation are the speaker's: changing them would be a misquote, not a paraphrase.
  const unquoted = s.replace(/"[^"]*"|“[^”]*”/g, (m) => ' '.repeat(m.length));
  const words = Object.keys(SYNONYMS).filter((w) => new RegExp(`\\b${w}\\b`).test(unquoted));
  if (words.length === 0) return undefined;
  const chosen = c.rng
    .shuffle(words)
    .slice(0, 1 + c.rng.int(Math.min(3, words.length)))
    .map((w) => ({ w, at: new RegExp(`\\b${w}\\b`).exec(unquoted)!.index }))
    .sort((a, b) => b.at - a.at);
  let text = s;
  for (const { w, at } of chosen) text = text.slice(0, at) + SYNONYMS[w] + text.slice(at + w.length);
  return { text, start: 0, end: text.length, detail: 'synonyms' };
}

const PARTICIPLES =
  'introduced|passed|approved|awarded|announced|signed|released|secured|received|sponsored|supported|authored|cosponsored|issued|proposed|offered|unveiled';

export function passive(s: string, c: Context): Changed | undefined {
  // "<Subject> [today] <verb>ed <object>[ <rest>]." → "<Object> was <verb>ed by <subject>[ today][ <rest>]."
  const re = new RegExp(
    `^((?:The |U\\.S\\. )?(?:[A-Z][\\w.'’-]*\\s+){0,4}[A-Z][\\w'’-]*(?:\\s\\([^)]*\\))?)\\s+(?:(today|also|recently|yesterday|last week)\\s+)?(${PARTICIPLES})\\s+((?:the|a|an|\\$|\\d|legislation|funding|funds|grants?|new|two|three|several)[^,;"“]{3,80}?)(\\s(?:on|in|to|for|which|that|with|during|after|at)\\b[^;"“]*)?([.!?])$`,
  );
  const m = re.exec(s);
  if (!m || /^(The|This|These|It|He|She|They|We|I)$/.test(m[1])) return undefined;
  const object = m[4].trim();
  const last = object.split(' ').slice(-1)[0];
  const plural = /[a-z]s$/.test(last) && !/ss$/.test(last);
  const subjectFirst = object[0].toUpperCase() + object.slice(1);
  const when = m[2] ? ` ${m[2]}` : '';
  const text = `${subjectFirst} ${plural ? 'were' : 'was'}${when} ${m[3]} by ${m[1]}${m[5] ?? ''}${m[6]}`;
  void c;
  return { text, start: 0, end: text.length, detail: 'passive' };
}

export function lowercased(s: string): Changed {
  const text = s.toLowerCase();
  return { text, start: 0, end: text.length, detail: 'lower-cased' };
}

export function oddcase(s: string, c: Context): Changed {
  const text =
    c.rng.next() < 0.5
      ? s.toUpperCase()
      : s.replace(/\b([a-z])([a-z]*)/g, (_, a: string, b: string) => a.toUpperCase() + b);
  return { text, start: 0, end: text.length, detail: 'odd case' };
}

export const TRANSFORMS: Record<Exclude<Kind, 'verbatim'>, (s: string, c: Context) => Changed | undefined> = {
  direction,
  polarity,
  entity_swap: entitySwap,
  place_swap: placeSwap,
  number_swap: numberSwap,
  date_swap: dateSwap,
  attribution,
  stitched,
  modifier_moved: modifierMoved,
  added_detail: addedDetail,
  invented_number: inventedNumber,
  invented_money: inventedMoney,
  invented_percent: inventedPercent,
  invented_date: inventedDate,
  invented_name: inventedName,
  invented_quote: inventedQuote,
  trimmed,
  reordered,
  synonyms,
  passive,
  lowercased: (s) => lowercased(s),
  oddcase,
};
