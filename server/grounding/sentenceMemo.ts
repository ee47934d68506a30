/**
 * What checking one sentence produced, kept so that re-checking a section the reviewer is typing in
 * costs only the sentences that changed. A sentence's findings depend on its text, its section, the
 * sources (in order) and the facts, never on its neighbours; offsets are stored relative to the
 * sentence and flag ids are drawn again on replay, in the same order, so a replayed report is the
 * report a full check would give.
 */
import type { SourceIndex } from './sourceIndex.js';
import type { Flag, GroundingFact, SentenceAlignment, SupportedItem } from './types.js';

interface Findings {
  flags: Flag[];
  supported: SupportedItem[];
  alignments: SentenceAlignment[];
}

interface Sink extends Findings {
  nextId: (sectionKey: string, kind: string, text: string, evidence?: string) => string;
}

const LIMIT = 4000;
const memo = new Map<string, Findings>();

// Source indexes are shared while their text is unchanged (sourceIndex.ts caches them), so an
// index's identity stands for its content.
const serials = new WeakMap<SourceIndex, number>();
let nextSerial = 1;

export function clearSentenceMemo(): void {
  memo.clear();
}

/** What the findings of a check over these sources and facts depend on, besides the sentence. */
export function memoScope(sources: SourceIndex[], facts: GroundingFact[] | undefined): string {
  const ids = sources.map((s) => {
    let n = serials.get(s);
    if (n === undefined) serials.set(s, (n = nextSerial++));
    return n;
  });
  return `${ids.join(',')}\u0000${JSON.stringify(facts ?? [])}`;
}

/**
 * A deep copy of plain data (objects, arrays, primitives), which is all findings hold: no dates, maps,
 * cycles, or objects whose identity matters. structuredClone did the same through V8's serialiser,
 * for every sentence of every check, at about a sixth of a check's time with the sources cached.
 */
function copyData<T>(x: T): T {
  if (typeof x !== 'object' || x === null) return x;
  if (Array.isArray(x)) return x.map(copyData) as T;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(x)) out[k] = copyData((x as Record<string, unknown>)[k]);
  return out as T;
}

const moved = <T extends { start: number; end: number }>(x: T, by: number): T => ({
  ...x,
  start: x.start + by,
  end: x.end + by,
});

function shiftFindings(f: Findings, by: number): Findings {
  return {
    flags: f.flags.map((x) => ({
      ...moved(x, by),
      sentenceStart: x.sentenceStart + by,
      sentenceEnd: x.sentenceEnd + by,
    })),
    supported: f.supported.map((x) => moved(x, by)),
    alignments: f.alignments.map((a) => ({
      ...moved(a, by),
      differences: a.differences.map((d) => (d.draft ? { ...d, draft: moved(d.draft, by) } : d)),
    })),
  };
}

/**
 * Runs `check` for one sentence, or replays what it produced for the same sentence before.
 * `check` must push only this sentence's findings onto the sink.
 */
export function checkSentenceMemo(
  sink: Sink,
  scope: string,
  sectionKey: string,
  sentence: { text: string; start: number },
  check: () => void,
): void {
  const key = `${scope}\u0000${sectionKey}\u0000${sentence.text}`;
  const hit = memo.get(key);
  if (hit) {
    memo.delete(key);
    memo.set(key, hit);
    replay(sink, copyData(shiftFindings(hit, sentence.start)));
    return;
  }
  const from = { f: sink.flags.length, s: sink.supported.length, a: sink.alignments.length };
  check();
  const produced: Findings = copyData({
    flags: sink.flags.slice(from.f),
    supported: sink.supported.slice(from.s),
    alignments: sink.alignments.slice(from.a),
  });
  if (memo.size >= LIMIT) memo.delete(memo.keys().next().value!);
  memo.set(key, shiftFindings(produced, -sentence.start));
}

function replay(sink: Sink, f: Findings): void {
  const ids = new Map<string, string>();
  for (const flag of f.flags) {
    const id = sink.nextId(flag.sectionKey, flag.kind, flag.text, flag.evidence?.text);
    ids.set(flag.id, id);
    sink.flags.push({ ...flag, id });
  }
  sink.supported.push(...f.supported);
  for (const a of f.alignments) sink.alignments.push({ ...a, flagIds: a.flagIds.map((id) => ids.get(id) ?? id) });
}
