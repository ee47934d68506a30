/**
 * Builds the grounding check's table of countries from the `world-countries` package (mledoze/countries,
 * ODbL-1.0): server/grounding/lexicon/places.json, each English demonym → the country's names (common,
 * official and the longer alternative spellings), all lower case. A draft's "Portuguese" is then found
 * in a source that says "Portugal", for every country rather than the few a hand-written list held.
 * Run `npm run lexicon:build` after upgrading the package; test/unit/grounding/lexicon.test.ts fails when
 * the committed file and the installed package disagree. Generated, so the app does without the 17 MB
 * package and its 1.4 MB parse.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface Country {
  name: { common: string; official: string };
  altSpellings: string[];
  demonyms?: { eng?: { m: string; f: string } };
}

export const PLACES_FILE = 'server/grounding/lexicon/places.json';

/**
 * Names in Latin script, as English text writes them; two-letter codes and abbreviations are left to the
 * tokenizer's own aliases (US, UK, EU).
 */
const isName = (s: string) =>
  /^\p{Script=Latin}[\p{Script=Latin}'’ .-]*\p{Script=Latin}$/u.test(s) && s.length > 3 && !/^[A-Z.]+$/.test(s);

export function buildPlaces(): Record<string, string[]> {
  const countries = JSON.parse(readFileSync(require.resolve('world-countries/countries.json'), 'utf8')) as Country[];
  const table = new Map<string, Set<string>>();
  for (const c of countries) {
    const eng = c.demonyms?.eng;
    if (!eng) continue;
    const names = [c.name.common, c.name.official, ...c.altSpellings].filter(isName).map((n) => n.toLowerCase());
    for (const demonym of new Set([eng.m, eng.f])) {
      if (!isName(demonym)) continue;
      const key = demonym.toLowerCase();
      const set = table.get(key) ?? table.set(key, new Set()).get(key)!;
      for (const n of names) if (n !== key) set.add(n);
    }
  }
  const out: Record<string, string[]> = {};
  for (const k of [...table.keys()].sort()) if (table.get(k)!.size) out[k] = [...table.get(k)!].sort();
  return out;
}

export const serialisePlaces = (places: Record<string, string[]>) => JSON.stringify(places) + '\n';
