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
];

let related: Map<string, string[]> | undefined;

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
  const m = new Map<string, string[]>();
  const add = (from: string, to: string) => (m.get(from) ?? m.set(from, []).get(from)!).push(to);
  for (const [demonym, name] of pairs) {
    add(demonym, name);
    add(name, demonym);
  }
  return m;
}

/** The other ways of naming a country or its people (lower case); empty for other names. */
export function relatedPlaceNames(name: string): string[] {
  related ??= load();
  const key = keyOf(name);
  return related.get(key) ?? (key.endsWith('s') ? related.get(key.slice(0, -1)) : undefined) ?? [];
}
