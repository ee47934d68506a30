/**
 * Countries and the adjectives for their people: a draft's "Portuguese minister" is sourced by
 * "Portugal's minister", and "Portugal" by "the Portuguese government". The table comes from the
 * `world-countries` data (lexicon/places.json, built by scripts/build-places-lexicon.ts); continents
 * and the short forms English uses for two countries are added here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../util/projectRoot.js';

const SUPPLEMENT: [string, string][] = [
  ['european', 'europe'],
  ['african', 'africa'],
  ['asian', 'asia'],
  ['american', 'america'],
  ['british', 'britain'],
  // The short forms news writes for the two, which the country data keeps only as codes.
  ['american', 'us'],
  ['american', 'usa'],
  ['british', 'uk'],
];

let related: Map<string, string[]> | undefined;
let demonyms: Set<string> | undefined;

const keyOf = (text: string) =>
  text
    .toLowerCase()
    .replace(/['’]s$/, '')
    .replace(/\s+/g, ' ')
    .trim();

function load(): Map<string, string[]> {
  const file = path.join(projectRoot(), 'server/grounding/lexicon/places.json');
  const table = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string[]>;
  const pairs: [string, string][] = [...SUPPLEMENT];
  for (const [demonym, names] of Object.entries(table)) for (const n of names) pairs.push([demonym, n]);
  demonyms = new Set(pairs.map(([d]) => d));
  const m = new Map<string, string[]>();
  const add = (from: string, to: string) => (m.get(from) ?? m.set(from, []).get(from)!).push(to);
  for (const [demonym, name] of pairs) {
    add(demonym, name);
    add(name, demonym);
  }
  return m;
}

/** "Frenchman", "Irishwomen": one person of a people, named by the people's adjective. */
const PERSON = /(?:wo)?m[ae]n$/;

function lookup(key: string): string[] | undefined {
  related ??= load();
  return related.get(key) ?? (key.endsWith('s') ? related.get(key.slice(0, -1)) : undefined);
}

/** The other ways of naming a country or its people (lower case); empty for other names. */
export function relatedPlaceNames(name: string): string[] {
  const key = keyOf(name);
  return lookup(key) ?? (PERSON.test(key) ? lookup(key.replace(PERSON, '')) : undefined) ?? [];
}

/** "Portuguese", "the Mexican", "Frenchman": a people's adjective, which describes a person or thing and names none. */
export function isDemonym(name: string): boolean {
  related ??= load();
  const key = keyOf(name).replace(/^the /, '');
  return demonyms!.has(key) || demonyms!.has(key.replace(PERSON, ''));
}
