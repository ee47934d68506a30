/**
 * Intrinsic-error evaluation: `npx tsx bench/grounding-intrinsic.ts [--split dev|heldout|both] [--show N] [--samples N]`.
 * Prints recall per error kind and false alarms per true kind, on the development part (tune
 * here) and the held-out part (report, never tune).
 */
import { fileURLToPath } from 'node:url';
import { checkGrounding } from '../server/grounding/index.js';
import { buildIntrinsicSet, loadReleases, type IntrinsicCase } from './grounding/intrinsic/buildSet.js';
import { type IntrinsicScore, groupFigures, ratio, scoreIntrinsic } from './grounding/intrinsic/score.js';
import { ERROR_KINDS, INVENTED_KINDS, TRUE_KINDS } from './grounding/intrinsic/transforms.js';

const root = fileURLToPath(new URL('..', import.meta.url));
export const INTRINSIC_FIXTURES = [
  `${root}test/fixtures/news/senate-press-releases-sample.jsonl`,
  `${root}test/fixtures/news/senate-press-releases-intrinsic.jsonl`,
];

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

const pct = (x: number) => x.toFixed(3);

export function intrinsicTable(s: IntrinsicScore): string[] {
  const row = (k: string) => {
    const t = s.byKind.get(k);
    if (!t) return `| ${k} | 0 | | |`;
    return `| ${k} | ${t.n} | ${t.any} (${pct(ratio(t.any, t.n))}) | ${t.blocking} (${pct(ratio(t.blocking, t.n))}) |`;
  };
  const g = (group: 'error' | 'invented', use: 'any' | 'blocking') => {
    const f = groupFigures(s, group, use);
    return `${pct(f.recall)} / ${pct(f.precision)}`;
  };
  return [
    '| kind | sentences | flagged (any flag) | flagged (blocking flag) |',
    '|---|---:|---:|---:|',
    ...ERROR_KINDS.map(row),
    ...INVENTED_KINDS.map(row),
    ...TRUE_KINDS.map(row),
    '',
    '| group | sentences | recall / precision, any flag | recall / precision, blocking flags |',
    '|---|---:|---:|---:|',
    `| intrinsic errors | ${s.byGroup.error.n} | ${g('error', 'any')} | ${g('error', 'blocking')} |`,
    `| invented facts | ${s.byGroup.invented.n} | ${g('invented', 'any')} | ${g('invented', 'blocking')} |`,
    `| true sentences (false alarms) | ${s.byGroup.true.n} | ${s.byGroup.true.any} (${pct(ratio(s.byGroup.true.any, s.byGroup.true.n))}) | ${s.byGroup.true.blocking} (${pct(ratio(s.byGroup.true.blocking, s.byGroup.true.n))}) |`,
  ];
}

export function runIntrinsic(cases: IntrinsicCase[]): IntrinsicScore {
  return scoreIntrinsic(
    cases,
    cases.map((c) => checkGrounding(c.input)),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const all = buildIntrinsicSet(loadReleases(...INTRINSIC_FIXTURES));
  const which = arg('split') ?? 'dev';
  const show = Number(arg('show') ?? 0);
  for (const split of which === 'both' ? ['dev', 'heldout'] : [which]) {
    const cases = all.filter((c) => c.split === split);
    const t0 = performance.now();
    const s = runIntrinsic(cases);
    console.log(`\n## ${split}: ${cases.length} drafts (${(performance.now() - t0).toFixed(0)} ms)\n`);
    console.log(intrinsicTable(s).join('\n'));
    console.log(
      '\nflag kinds: ' + [...s.flagKinds].map(([k, v]) => `${k} ${v.flags} (on true: ${v.onTrue})`).join(', '),
    );
    if (show > 0 && split === 'dev') {
      console.log('\n### misses');
      for (const m of s.misses.slice(0, show)) console.log(`- [${m.kind}] ${m.detail} :: ${m.sentence}`);
      console.log('\n### false alarms');
      for (const m of s.falseAlarms.slice(0, show))
        console.log(`- [${m.kind}] ${m.sentence}\n    ${m.flags.join('\n    ')}`);
    }
  }
  const samples = Number(arg('samples') ?? 0);
  for (const c of all.slice(0, samples)) {
    for (const l of c.labels)
      console.log(
        `[${l.kind}] ${l.detail}\n   ${l.original}\n-> ${c.input.sections.find((s) => s.key === l.sectionKey)!.text.slice(l.sentenceStart, l.sentenceEnd)}`,
      );
  }
}
