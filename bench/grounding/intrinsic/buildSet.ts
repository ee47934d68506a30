/**
 * The intrinsic-error evaluation set: drafts made of sentences from real press releases, each
 * sentence either true (verbatim or rewritten without changing its facts) or carrying one error
 * of a FRANK kind (predicate, entity, circumstance, attribution, discourse) or one invented fact.
 * Releases are split by document: a hash of the release id puts a third of them in "held-out".
 * Sentences are cut with this file's own splitter, not the checker's.
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { GroundingInput } from '../../../server/grounding/types.js';
import { createRng } from '../prng.js';
import {
  type Context,
  ERROR_KINDS,
  INVENTED_KINDS,
  type Kind,
  TRANSFORMS,
  TRUE_KINDS,
  lowercased,
} from './transforms.js';

export interface Release {
  id: string;
  title: string;
  body: string;
}

export type Group = 'error' | 'invented' | 'true';

export interface SentenceLabel {
  sectionKey: string;
  /** The sentence's offsets in the section text. */
  sentenceStart: number;
  sentenceEnd: number;
  kind: Kind;
  group: Group;
  /** The changed region, in section offsets. */
  start: number;
  end: number;
  detail: string;
  original: string;
  lowercase: boolean;
}

export interface IntrinsicCase {
  id: string;
  split: 'dev' | 'heldout';
  input: GroundingInput;
  labels: SentenceLabel[];
}

export function loadReleases(...paths: string[]): Release[] {
  return paths.flatMap((p) =>
    readFileSync(p, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Release),
  );
}

export function splitOf(id: string): 'dev' | 'heldout' {
  return createHash('sha256').update(id).digest()[0] % 3 === 0 ? 'heldout' : 'dev';
}

const ABBREV =
  /\b(?:Sen|Sens|Rep|Reps|Gov|Mr|Mrs|Ms|Dr|St|No|Inc|Co|Corp|Jr|Sr|Jan|Feb|Aug|Sept|Oct|Nov|Dec|Gen|Lt|Col|U\.S|D\.C|[A-Z])\.$/;

/** Sentences of a release body, one paragraph at a time; abbreviations and initials do not end one. */
export function sentencesOf(body: string): string[] {
  const out: string[] = [];
  for (const para of body.split(/\n+/)) {
    let buf = '';
    for (const piece of para.split(/(?<=[.!?]["”’]?)\s+(?=["“]?[A-Z0-9])/)) {
      buf = buf ? `${buf} ${piece}` : piece;
      if (!ABBREV.test(buf)) {
        out.push(buf.trim());
        buf = '';
      }
    }
    if (buf.trim()) out.push(buf.trim());
  }
  return out;
}

function usable(s: string): boolean {
  const words = s.split(/\s+/).length;
  const letters = s.replace(/[^A-Za-z]/g, '').length;
  const upper = s.replace(/[^A-Z]/g, '').length;
  const straight = (s.match(/"/g) ?? []).length;
  return (
    words >= 8 &&
    words <= 50 &&
    upper < letters * 0.3 &&
    straight % 2 === 0 &&
    (s.match(/“/g) ?? []).length === (s.match(/”/g) ?? []).length &&
    /[.!?]["”]?$/.test(s) &&
    // A sentence cut at "Sen." or "U.S." by this splitter is not a sentence.
    !/\b(?:Sen|Sens|Rep|Gov|Mr|Mrs|Ms|Dr|St|U\.S|[A-Z])\.$/.test(s)
  );
}

const SENTENCES = 8;
const PLAN: Group[] = ['error', 'error', 'error', 'invented', 'true', 'true', 'true', 'true'];
const SECTION_KEYS = ['thirtySecondBriefing', 'ourTake'];

export function buildIntrinsicSet(releases: Release[], seed = 20260117): IntrinsicCase[] {
  const rng = createRng(seed);
  const used = new Map<Kind, number>();
  const leastUsedFirst = (kinds: readonly Kind[]) =>
    rng.shuffle(kinds).sort((a, b) => (used.get(a) ?? 0) - (used.get(b) ?? 0));
  const cases: IntrinsicCase[] = [];
  releases.forEach((release, idx) => {
    const all = sentencesOf(release.body);
    const pool = all.filter(usable);
    if (pool.length < 5) return;
    const split = splitOf(release.id);
    const others = rng
      .shuffle(releases.filter((r, j) => j !== idx && splitOf(r.id) === split))
      .slice(0, 2)
      .map((r) => ({ id: r.id, text: r.body, title: r.title }));
    const sources = [{ id: release.id, text: release.body, title: release.title }, ...others];
    const corpus = sources.map((s) => `${s.title}\n${s.text}`).join('\n');
    const lowerCase = rng.next() < 0.15;
    const picked = rng.shuffle(pool.map((_, i) => i)).slice(0, SENTENCES);
    picked.sort((a, b) => a - b);
    const plan = rng.shuffle(PLAN).slice(0, picked.length);
    const texts = SECTION_KEYS.map(() => '');
    const labels: SentenceLabel[] = [];
    picked.forEach((pi, k) => {
      const sentence = pool[pi];
      const ctx: Context = { rng, sentences: pool, position: pi, release: `${release.title}\n${release.body}`, corpus };
      const group = plan[k];
      const kinds: readonly Kind[] =
        group === 'error' ? ERROR_KINDS : group === 'invented' ? INVENTED_KINDS : TRUE_KINDS;
      let kind: Kind = 'verbatim';
      let changed = { text: sentence, start: 0, end: sentence.length, detail: 'verbatim' };
      for (const candidate of leastUsedFirst(kinds)) {
        if (candidate === 'verbatim') {
          kind = candidate;
          break;
        }
        if (lowerCase && (candidate === 'lowercased' || candidate === 'oddcase')) continue;
        const c = TRANSFORMS[candidate](sentence, ctx);
        if (c && c.text !== sentence) {
          kind = candidate;
          changed = c;
          break;
        }
      }
      // An error that found nothing to change leaves the sentence true; label it as what it is.
      const actualGroup: Group =
        kind === 'verbatim' || (TRUE_KINDS as readonly string[]).includes(kind) ? 'true' : group;
      used.set(kind, (used.get(kind) ?? 0) + 1);
      if (lowerCase) changed = { ...lowercased(changed.text), start: changed.start, end: changed.end };
      const section = k < picked.length / 2 ? 0 : 1;
      const offset = texts[section] ? texts[section].length + 1 : 0;
      texts[section] = texts[section] ? `${texts[section]} ${changed.text}` : changed.text;
      labels.push({
        sectionKey: SECTION_KEYS[section],
        sentenceStart: offset,
        sentenceEnd: offset + changed.text.length,
        kind,
        group: actualGroup,
        start: offset + changed.start,
        end: offset + changed.end,
        detail: changed.detail,
        original: sentence,
        lowercase: lowerCase,
      });
    });
    cases.push({
      id: release.id,
      split,
      input: { sections: SECTION_KEYS.map((key, i) => ({ key, text: texts[i] })).filter((s) => s.text), sources },
      labels,
    });
  });
  return cases;
}
