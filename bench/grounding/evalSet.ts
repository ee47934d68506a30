/**
 * Builds the labelled grounding evaluation set from real press releases: each case is a
 * two-section "draft" made of sentences from one release, checked against that release plus
 * two unrelated ones. Some sentences are copied unchanged, some restyled (same facts, other
 * spelling: must stay supported), some carry one planted change (must be flagged).
 */
import { readFileSync } from 'node:fs';
import type { GroundingInput } from '../../server/grounding/types.js';
import { splitSentences } from '../../server/grounding/sentences.js';
import { createRng, type Rng } from './prng.js';
import { type Edit, type EditKind, PLANTERS, RESTYLERS, namesIn } from './edits.js';

export interface Release {
  id: string;
  title: string;
  body: string;
}

export interface Label {
  sectionKey: string;
  /** Offsets of the edited item in the section text. */
  start: number;
  end: number;
  kind: EditKind;
  change: 'planted' | 'restyled';
  original: string;
  replacement: string;
}

export interface EvalCase {
  id: string;
  input: GroundingInput;
  labels: Label[];
}

export const EDIT_KINDS: EditKind[] = ['number', 'percent', 'money', 'date', 'entity', 'quote'];
const SENTENCES_PER_CASE = 8;
// Briefings are dense with figures, so half of each draft comes from sentences that have some.
const FIGURE_SENTENCES = 4;
const SECTION_KEYS = ['thirtySecondBriefing', 'ourTake'];

export function loadReleases(path: string): Release[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Release);
}

// "Our Take"-style analysis around a real name from the release: nothing in it may be flagged.
const COMMENTARY = [
  'For project teams, the practical question is how quickly {name} can follow through.',
  'Downstream users should watch whether {name} keeps to this course over the coming months.',
  'In our view, the involvement of {name} makes a quick reversal less likely.',
  'That leaves {name} with more influence over the outcome than the headline suggests.',
];

function usable(s: string): boolean {
  const words = s.split(/\s+/).length;
  const letters = s.replace(/[^A-Za-z]/g, '');
  const upper = s.replace(/[^A-Z]/g, '');
  const straight = (s.match(/"/g) ?? []).length;
  const curlyOpen = (s.match(/“/g) ?? []).length;
  const curlyClose = (s.match(/”/g) ?? []).length;
  // Sentences that open or close a multi-sentence quotation make unbalanced drafts; skip them.
  return (
    words >= 8 &&
    words <= 60 &&
    upper.length < letters.length * 0.5 &&
    straight % 2 === 0 &&
    curlyOpen === curlyClose &&
    !/\n/.test(s)
  );
}

function apply(s: string, e: Edit): { text: string; markStart: number; markEnd: number } {
  const text = s.slice(0, e.start) + e.replacement + s.slice(e.end);
  return { text, markStart: e.start + (e.markStart ?? 0), markEnd: e.start + (e.markEnd ?? e.replacement.length) };
}

function plantOne(s: string, rng: Rng, corpus: string, counts: Map<EditKind, number>): Edit | undefined {
  // Try the kinds planted least so far first, so every kind gets a fair sample.
  const order = rng.shuffle(EDIT_KINDS).sort((a, b) => (counts.get(a) ?? 0) - (counts.get(b) ?? 0));
  for (const kind of order) {
    const e = PLANTERS[kind](s, rng, corpus);
    if (e) {
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
      return e;
    }
  }
  return undefined;
}

function restyleOne(s: string, rng: Rng): Edit | undefined {
  for (const kind of rng.shuffle(EDIT_KINDS)) {
    const e = RESTYLERS[kind](s, rng);
    if (e) return e;
  }
  return undefined;
}

export function buildEvalSet(releases: Release[], seed = 20251003): EvalCase[] {
  const rng = createRng(seed);
  const counts = new Map<EditKind, number>();
  const cases: EvalCase[] = [];
  releases.forEach((release, idx) => {
    const candidates = splitSentences(release.body)
      .map((s) => s.text)
      .filter(usable);
    if (candidates.length < 3) return;
    const others = rng.shuffle(releases.filter((_, j) => j !== idx)).slice(0, 2);
    const sources = [release, ...others].map((r) => ({ id: r.id, text: r.body, title: r.title }));
    const corpus = sources.map((s) => `${s.title}\n${s.text}`).join('\n');
    const shuffled = rng.shuffle(candidates);
    const withFigures = shuffled.filter((s) => /\d/.test(s)).slice(0, FIGURE_SENTENCES);
    const picked = [...withFigures, ...shuffled.filter((s) => !withFigures.includes(s))].slice(0, SENTENCES_PER_CASE);
    const texts = SECTION_KEYS.map(() => '');
    const labels: Label[] = [];
    picked.forEach((sentence, k) => {
      const section = k < picked.length / 2 ? 0 : 1;
      const roll = rng.next();
      const edit =
        roll < 0.45 ? plantOne(sentence, rng, corpus, counts) : roll < 0.7 ? restyleOne(sentence, rng) : undefined;
      const offset = texts[section] ? texts[section].length + 1 : 0;
      let text = sentence;
      if (edit) {
        const applied = apply(sentence, edit);
        text = applied.text;
        labels.push({
          sectionKey: SECTION_KEYS[section],
          start: offset + applied.markStart,
          end: offset + applied.markEnd,
          kind: edit.kind,
          change: edit.change,
          original: edit.original,
          replacement: text.slice(applied.markStart, applied.markEnd),
        });
      }
      texts[section] = texts[section] ? `${texts[section]} ${text}` : text;
    });
    const names = [...new Set(candidates.flatMap(namesIn))].filter((n) => n.split(' ').length <= 4);
    if (names.length > 0) {
      const line = rng.pick(COMMENTARY).replace('{name}', rng.pick(names));
      texts[1] = texts[1] ? `${texts[1]} ${line}` : line;
    }
    cases.push({
      id: release.id,
      input: { sections: SECTION_KEYS.map((key, i) => ({ key, text: texts[i] })).filter((s) => s.text), sources },
      labels,
    });
  });
  return cases;
}
