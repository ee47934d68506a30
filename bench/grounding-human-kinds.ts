/**
 * Which blocking flag kinds fire on human-judged summaries, correct ones against wrong ones, on a fixed
 * half of the documents: `npx tsx bench/grounding-human-kinds.ts [dev|heldout]`. The development half
 * (SHA-1 of the article, first byte even; CLIFF and SummEdits) is where severity decisions were looked
 * at; the held-out half and all of Goyal & Durrett are for reporting. Same local data as
 * `bench/grounding-human.ts` (not in the repository). `EX=<kind>` prints correct summaries that kind flagged (`WRONG=1`: wrong ones;
 * `ALL=1`: advisory flags counted too; `MISSED=1`: wrong summaries no blocking flag caught).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import process from 'node:process';
import { parse } from 'csv-parse/sync';
import { checkGrounding } from '../server/grounding/index.js';

const AGGREFACT = '/work/.mirror/Liyan06+AggreFact/repo';
const SUMMEDITS = '/work/.mirror/salesforce+factualNLG/repo';
const show = (dir: string, path: string) =>
  execFileSync('git', ['--git-dir', dir, 'show', `HEAD:${path}`], { maxBuffer: 64 << 20 }).toString('utf8');

interface Item {
  doc: string;
  summary: string;
  correct: boolean;
  set: 'cliff' | 'goyal' | 'summedits';
}

function load(): Item[] {
  const items: Item[] = [];
  if (existsSync(AGGREFACT)) {
    for (const [set, path] of [
      ['cliff', 'data/error_type_mapping/CLIFF_error_types.csv'],
      ['goyal', 'data/error_type_mapping/Goyal21_error_types.csv'],
    ] as const) {
      for (const r of parse<Record<string, string>>(show(AGGREFACT, path), { columns: true })) {
        const t = r.error_type.trim();
        const kinds = [...t.matchAll(/'([^']+)'/g)].map((m) => m[1]).filter((k) => k !== 'noise');
        items.push({ doc: r.doc, summary: r.summ, correct: !t || t === 'correct' || kinds.length === 0, set });
      }
    }
  }
  if (existsSync(SUMMEDITS)) {
    const rows = JSON.parse(show(SUMMEDITS, 'data/summedits/summedits_news.json')) as {
      doc: string;
      summary: string;
      label: number;
    }[];
    for (const r of rows) items.push({ doc: r.doc, summary: r.summary, correct: r.label === 1, set: 'summedits' });
  }
  return items;
}

const inDev = (i: Item) => i.set !== 'goyal' && createHash('sha1').update(i.doc).digest()[0] % 2 === 0;
const split = process.argv[2] === 'heldout' ? 'heldout' : 'dev';
const items = load().filter((i) => (split === 'dev' ? inDev(i) : !inDev(i)));
if (items.length === 0)
  console.log(`no data: bring Liyan06/AggreFact and salesforce/factualNLG to ${AGGREFACT}, ${SUMMEDITS}`);

const byKind = new Map<string, { correct: number; wrong: number }>();
const n = { correct: 0, wrong: 0 };
const flagged = { correct: { any: 0, blocking: 0 }, wrong: { any: 0, blocking: 0 } };
const examples: string[] = [];
const perSet = new Map<string, { correct: number; wrong: number; correctBlocked: number; wrongBlocked: number }>();
for (const it of items) {
  const r = checkGrounding({
    sections: [{ key: 'summary', text: it.summary }],
    sources: [{ id: 'article', text: it.doc }],
  });
  const side = it.correct ? 'correct' : 'wrong';
  const s = perSet.get(it.set) ?? { correct: 0, wrong: 0, correctBlocked: 0, wrongBlocked: 0 };
  s[side]++;
  if (r.flags.some((f) => f.severity === 'blocking')) s[it.correct ? 'correctBlocked' : 'wrongBlocked']++;
  perSet.set(it.set, s);
  n[side]++;
  const blocking = r.flags.filter((f) => f.severity === 'blocking');
  if (r.flags.length > 0) flagged[side].any++;
  if (blocking.length > 0) flagged[side].blocking++;
  else if (process.env.MISSED && !it.correct && examples.length < 40)
    examples.push(`[missed ${it.set}] ${it.summary.slice(0, 300)}`);
  // ALL=1 counts advisory flags too, to see what a reviewer of a correct summary is shown.
  const counted = process.env.ALL ? r.flags : blocking;
  for (const kind of new Set(counted.map((f) => f.kind))) {
    const k = byKind.get(kind) ?? { correct: 0, wrong: 0 };
    k[side]++;
    byKind.set(kind, k);
    const f = counted.find((x) => x.kind === kind)!;
    if ((process.env.WRONG ? !it.correct : it.correct) && process.env.EX === kind && examples.length < 25)
      examples.push(`[${kind}] ${f.message}\n   summary: ${it.summary.slice(0, 300)}`);
  }
}
const r3 = (a: number, b: number) => (b === 0 ? '–' : (a / b).toFixed(3));
console.log(
  `${split}: ${n.correct} correct, ${n.wrong} wrong summaries; correct flagged any ${r3(flagged.correct.any, n.correct)}, ` +
    `blocking ${r3(flagged.correct.blocking, n.correct)}; wrong flagged any ${r3(flagged.wrong.any, n.wrong)}, ` +
    `blocking ${r3(flagged.wrong.blocking, n.wrong)}`,
);
for (const [set, s] of perSet)
  console.log(
    `  ${set}: ${s.correct} correct, blocking ${r3(s.correctBlocked, s.correct)}; ${s.wrong} wrong, blocking ${r3(s.wrongBlocked, s.wrong)}`,
  );
console.log(
  `${process.env.ALL ? 'any' : 'blocking'} kind${' '.repeat(process.env.ALL ? 14 : 9)}share of correct  share of wrong`,
);
for (const [kind, v] of [...byKind].sort((a, b) => b[1].correct - a[1].correct))
  console.log(`${kind.padEnd(22)}${r3(v.correct, n.correct).padStart(16)}${r3(v.wrong, n.wrong).padStart(16)}`);
if (examples.length > 0) console.log(examples.join('\n'));
