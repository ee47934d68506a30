/**
 * Figures against the aligned passage: a number, amount, percentage or date must occur in the
 * passage, and bound to the same thing there (the words beside it in the draft must sit beside
 * it in the passage, not beside another figure).
 */
import type { Passage } from '../passages.js';
import { type Quantity, withinNear } from '../quantities.js';
import { type PassageToken, type SentenceCheck, quote, spanOf, where } from './sentenceCheck.js';
import { type Slot, inSlot, othersLend, slotOf } from './slot.js';

function family(q: Quantity): string {
  return q.kind === 'percent' ? 'pct' : q.kind === 'money' ? `money:${q.currency}` : q.kind === 'date' ? 'date' : 'num';
}

/** The passage figure that states the same value as `q`, if any. */
export function sameFigure(q: Quantity, candidates: Quantity[]): Quantity | undefined {
  for (const alt of q.accept) {
    const hit = candidates.find((p) => alt.every((k) => p.keys.includes(k)));
    if (hit) return hit;
    // A full date may be spread over two figures of one sentence ("May 5" … "2006").
    if (alt.length > 1 && alt.every((k) => candidates.some((p) => p.keys.includes(k))))
      return candidates.find((p) => p.keys.includes(alt[0]));
  }
  if (q.near) {
    const near = q.near;
    return candidates.find(
      (p) =>
        p.value !== undefined &&
        (family(p) === near.family || (near.family === 'num' && p.kind === 'money')) &&
        withinNear(near, p.value),
    );
  }
  return undefined;
}

function tokenRange(tokens: { start: number; end: number }[], q: { start: number; end: number }): [number, number] {
  let a = -1;
  let b = -1;
  tokens.forEach((t, i) => {
    if (t.start < q.end && t.end > q.start) {
      if (a < 0) a = i;
      b = i;
    }
  });
  return [a, b];
}

const CLAUSE_BREAK = /[,;:()–—]/;
// What joins the two ends of a range or a pair of figures.
const RANGE_LINK = /^\s*(?:to|and|or|through|-|–|—)\s*$/i;
// A hyphen, written tight or, in text tokenised for machines, with spaces ("31 - year - old").
const HYPHEN = /^ ?[-‐‑] ?$/;

/**
 * The figure of the draft that token `i` is hyphenated to ("year" and "old" in "31-year-old"): a
 * compound belongs to its figure, however near another figure stands ("the 31-year-old a five-year deal").
 */
function hyphenatedTo(c: SentenceCheck, i: number, ranges: Ranges): Quantity | undefined {
  for (const step of [-1, 1]) {
    for (let j = i; j + step >= 0 && j + step < c.tokens.length; j += step) {
      const [l, r] = step > 0 ? [j, j + step] : [j + step, j];
      if (!HYPHEN.test(c.text.slice(c.tokens[l].end, c.tokens[r].start))) break;
      const hit = ranges.find(([, [a, b]]) => j + step >= a && j + step <= b);
      if (hit) return hit[0];
    }
  }
  return undefined;
}

type Ranges = [Quantity, [number, number]][];

/** Content words right next to the figure in the draft (two on each side, not across a comma). `ranges`: each draft figure's tokens. */
function contextOf(c: SentenceCheck, q: Quantity, ranges: Ranges): number[] {
  const [a, b] = ranges.find(([o]) => o === q)![1];
  if (a < 0) return [];
  const taken = (i: number) =>
    c.quantities.some((o) => o !== q && c.tokens[i].start < o.end && c.tokens[i].end > o.start);
  // A word standing nearer another figure of the draft is that figure's ("the full 120 minutes in
  // Arsenal's 2-1 win": "minutes" goes with 120, not with 2).
  const others = ranges.filter(([o]) => o !== q).map(([, r]) => r);
  const dist = (i: number, [x, y]: [number, number]) => (i < x ? x - i : i > y ? i - y : 0);
  const nearerOther = (i: number) => {
    const joined = hyphenatedTo(c, i, ranges);
    if (joined) return joined !== q;
    return others.some((r) => r[0] >= 0 && dist(i, r) < dist(i, [a, b]));
  };
  const out: number[] = [];
  for (const [from, step] of [
    [b + 1, 1],
    [a - 1, -1],
  ] as const) {
    let got = 0;
    for (let i = from; i >= 0 && i < c.tokens.length && got < 2; i += step) {
      const gap =
        step > 0
          ? c.text.slice(c.tokens[i - 1].end, c.tokens[i].start)
          : c.text.slice(c.tokens[i].end, c.tokens[i + 1].start);
      if (CLAUSE_BREAK.test(gap) || taken(i) || nearerOther(i)) break;
      if (c.tokens[i].content) {
        out.push(i);
        got++;
      }
    }
  }
  return out;
}

interface Located {
  part: Passage;
  q: Quantity;
  from: number;
  to: number;
}

function passageFigures(parts: Passage[]): Located[] {
  return parts.flatMap((part) =>
    part.quantities.map((q) => {
      const [from, to] = tokenRange(part.tokens, q);
      return { part, q, from, to };
    }),
  );
}

const NEAR = 4;

/** Figures of the same family within NEAR tokens of token `at` of `part`, nearest first. */
function figuresNear(figs: Located[], part: Passage, at: number, fam: string): Located[] {
  const dist = (f: Located) => (at < f.from ? f.from - at : at > f.to ? at - f.to : 0);
  return figs
    .filter((f) => f.part === part && f.from >= 0 && family(f.q) === fam && dist(f) <= NEAR)
    .sort((a, b) => dist(a) - dist(b));
}

/** Whether a passage outside the alignment states `q` with one of its draft neighbours (`ctx`) beside it. */
function boundElsewhere(c: SentenceCheck, q: Quantity, ctx: number[]): boolean {
  const keys = new Set(ctx.map((i) => c.tokens[i].key));
  if (keys.size < 2) return false;
  for (const src of c.sources) {
    for (const p of src.passages) {
      if (c.align.parts.includes(p)) continue;
      for (const f of p.quantities) {
        if (!sameFigure(q, [f])) continue;
        const [from, to] = tokenRange(p.tokens, f);
        const near = (j: number) => (j < from ? from - j : j > to ? j - to : 0) <= NEAR;
        const beside = new Set(p.tokens.filter((t, j) => keys.has(t.key) && near(j)).map((t) => t.key));
        if (beside.size === keys.size) return true;
      }
    }
  }
  return false;
}

function elsewhere(c: SentenceCheck, q: Quantity): string {
  for (const src of c.sources) {
    for (const p of src.passages) {
      if (c.align.parts.includes(p)) continue;
      if (sameFigure(q, p.quantities)) return ` ${quote(q.text)} appears in ${where(c, p)}, about something else.`;
    }
  }
  return '';
}

/**
 * Figures that can stand in each other's place: the same kind, or counts, shares and amounts mixed
 * ("11.4% people were injured" against "16 people"). A date in a number's place may be the same
 * event told by its day.
 */
function akin(a: Quantity, b: Quantity): boolean {
  return family(a) === family(b) || (family(a) !== 'date' && family(b) !== 'date');
}

/** Whether passage figure `f` is in the alignment only because its passage was joined for `q` (see `othersLend`). */
function joinedFor(c: SentenceCheck, q: Quantity, slot: Slot | undefined, f: Located, figs: Located[]): boolean {
  if (c.align.parts.length < 2 || !slot || inSlot(slot, f.part, f.q)) return false;
  const held = figs.find((o) => o.part !== f.part && akin(q, o.q) && inSlot(slot, o.part, o.q));
  if (!held || sameFigure(q, [held.q])) return false;
  const own = new Set(c.tokens.filter((t) => t.start < q.end && t.end > q.start).map((t) => t.key));
  return !othersLend(c, held.part, own);
}

/**
 * The passage figure standing where the draft puts `q`, when every passage figure stating `q`'s value
 * is taken by another figure of the draft: "30 are being prosecuted while 30 are under investigation"
 * against "Five are being prosecuted while 30 …". The word-by-word match ties the passage's "30" to
 * the draft's second one; the first then stands where the passage says "Five".
 */
function displacedBy(c: SentenceCheck, q: Quantity, own: Located[], slot: Slot | undefined, figs: Located[]) {
  if (!slot || own.length === 0) return undefined;
  const held = figs.find((f) => f.from >= 0 && inSlot(slot, f.part, f.q) && !sameFigure(q, [f.q]));
  if (!held) return undefined;
  const claimed = new Set<PassageToken>();
  for (const o of c.quantities) {
    if (o === q || !sameFigure(o, [q])) continue;
    c.tokens.forEach((t, i) => {
      const m = t.start < o.end && t.end > o.start ? c.matches.get(i) : undefined;
      if (m) claimed.add(m);
    });
  }
  const taken = (f: Located) => [...claimed].some((m) => m.part === f.part && m.at >= f.from && m.at <= f.to);
  return own.every((f) => f.from >= 0 && taken(f)) ? held : undefined;
}

export function checkFigures(c: SentenceCheck, supported: (q: Quantity) => boolean): void {
  const figs = passageFigures(c.align.parts);
  const ranges: Ranges = c.quantities.map((o) => [o, tokenRange(c.tokens, o)]);
  for (const q of c.quantities) {
    if (!supported(q)) continue;
    const fam = family(q);
    const matching = figs.filter((f) => sameFigure(q, [f.q]));
    // A figure found only in a passage joined to the alignment for it, while the passage the sentence
    // follows has another figure in its place: "by a vote of 85-183" against "85-12", with "249-183"
    // in the next sentence.
    const slot = slotOf(c, q);
    const own = matching.filter((f) => !joinedFor(c, q, slot, f, figs));
    const ctx = contextOf(c, q, ranges);
    // The sentence fuses passages: the figure stands, beside the same words, in one the alignment
    // did not take ("a net profit of $8.2m or $0.19 per share, with … $29.9m excluding special items").
    if (own.length === 0 && matching.length === 0 && boundElsewhere(c, q, ctx)) continue;
    if (own.length === 0) {
      // The same kind of figure in the passage, preferably the one sharing the draft figure's neighbours.
      const rivals = figs.filter((f) => family(f.q) === fam);
      // Failing that, any figure that can stand in its place (`akin`) in the very place.
      const placed =
        rivals.find((f) =>
          ctx.some((i) => f.part.tokens.some((t, j) => t.key === c.tokens[i].key && Math.abs(j - f.from) <= NEAR)),
        ) ??
        (slot
          ? (rivals.find((f) => inSlot(slot, f.part, f.q)) ??
            figs.find((f) => akin(q, f.q) && inSlot(slot, f.part, f.q)))
          : undefined);
      const rival = placed ?? rivals[0];
      const part = rival?.part ?? c.align.parts[0];
      c.emit({
        kind: 'figure_mismatch',
        start: q.start,
        end: q.end,
        message: rival
          ? `Draft says ${quote(q.text)}; the closest source passage (${where(c, part)}) says ${quote(rival.q.text)}.${elsewhere(c, q)}`
          : `Draft says ${quote(q.text)}, but the closest source passage (${where(c, part)}) states no such figure.${elsewhere(c, q)}`,
        evidence: rival ? spanOf(c, rival.part, rival.q.start, rival.q.end) : undefined,
        pinned: Boolean(placed && slot?.before && slot.after && inSlot(slot, placed.part, placed.q)),
        // The figure is in the sources (or it would be an invented one), and no other figure stands
        // beside the draft figure's words in the passage: most likely the sentence also draws on
        // another passage. Only a figure in the same place is evidence of a wrong one.
        advisory: !placed,
      });
      continue;
    }
    const displaced = displacedBy(c, q, own, slot, figs);
    if (displaced) {
      c.emit({
        kind: 'figure_mismatch',
        start: q.start,
        end: q.end,
        message: `Draft says ${quote(q.text)}; the closest source passage (${where(c, displaced.part)}) says ${quote(displaced.q.text)} there, and ${quote(q.text)} only about something else.`,
        evidence: spanOf(c, displaced.part, displaced.q.start, displaced.q.end),
        pinned: Boolean(slot?.before && slot.after),
      });
      continue;
    }
    // Bound to the same thing: each neighbour word votes for the figure nearest to it in the passage.
    // The other end of the draft's own range ("$455 million to $475 million") is company, not a
    // rival: a word nearer that end in the passage says nothing against this one.
    const company = c.quantities.filter(
      (o) => o !== q && RANGE_LINK.test(o.start > q.end ? c.text.slice(q.end, o.start) : c.text.slice(o.end, q.start)),
    );
    const partner = (f: Located) => company.some((o) => sameFigure(o, [f.q]));
    let agree = 0;
    let rival: { f: Located; word: string } | undefined;
    let against = 0;
    for (const i of ctx) {
      const key = c.tokens[i].key;
      // A word backs this figure where it stands nearer to it than to any other figure of the
      // passage; a word as near to another ("rose 10.8% … rose 24.9%") tells nothing; a word beside
      // other figures only speaks against it.
      let selfDist = Infinity;
      let otherDist = Infinity;
      let near: Located | undefined;
      for (const part of c.align.parts) {
        part.tokens.forEach((t, j) => {
          if (t.key !== key) return;
          for (const f of figuresNear(figs, part, j, fam)) {
            const d = j < f.from ? f.from - j : j > f.to ? j - f.to : 0;
            if (sameFigure(q, [f.q])) selfDist = Math.min(selfDist, d);
            else if (d < otherDist && !partner(f)) {
              otherDist = d;
              near = f;
            }
          }
        });
      }
      if (selfDist < otherDist) agree++;
      else if (selfDist === Infinity && near) {
        against++;
        rival ??= { f: near, word: c.tokens[i].raw };
      }
    }
    if (rival && against > agree) {
      c.emit({
        kind: 'figure_mismatch',
        start: q.start,
        end: q.end,
        message: `Draft puts ${quote(q.text)} with ${quote(rival.word)}; in the closest source passage (${where(c, rival.f.part)}) ${quote(rival.word)} goes with ${quote(rival.f.q.text)}.`,
        evidence: spanOf(c, rival.f.part, rival.f.q.start, rival.f.q.end),
      });
    }
  }
}
