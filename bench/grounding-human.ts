/**
 * Unseen check on human-labelled public data: summaries that people judged against their article.
 * Optional and local: the data is not part of this repository. Bring the repositories onto the
 * machine (bare git directories), then
 *   npx tsx bench/grounding-human.ts [--aggrefact <git dir>] [--summedits <git dir>]
 * Defaults: /work/.mirror/Liyan06+AggreFact/repo and /work/.mirror/salesforce+factualNLG/repo.
 * A data set that is absent is skipped with a message. Nothing here is used to tune the check.
 *
 * - CLIFF (Cao & Wang 2021) and Goyal & Durrett (2021) annotations of XSum and CNN/DM summaries with
 *   intrinsic / extrinsic error labels, as distributed in AggreFact's data/error_type_mapping/.
 * - SummEdits news (Laban et al. 2023): edited summaries of news articles, each labelled consistent or
 *   not by annotators.
 * - FactCC edits annotated in the same repository (data/factcc/): recall only.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { checkGrounding } from '../server/grounding/index.js';
import type { GroundingReport } from '../server/grounding/types.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};

function gitShow(dir: string, path: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  try {
    return execFileSync('git', ['--git-dir', dir, 'show', `HEAD:${path}`], { maxBuffer: 64 << 20 }).toString('utf8');
  } catch {
    return undefined;
  }
}

function commitOf(dir: string): string {
  return execFileSync('git', ['--git-dir', dir, 'rev-parse', 'HEAD']).toString().trim();
}

interface Item {
  doc: string;
  summary: string;
  /** 'correct', or the error groups annotators found. */
  labels: string[];
  origin: string;
}

interface Tally {
  n: number;
  any: number;
  blocking: number;
}

function check(item: Item): GroundingReport {
  return checkGrounding({
    sections: [{ key: 'summary', text: item.summary }],
    sources: [{ id: 'article', text: item.doc }],
  });
}

function tallyBy(items: Item[], reports: GroundingReport[], group: (i: Item) => string[]): Map<string, Tally> {
  const out = new Map<string, Tally>();
  items.forEach((it, k) => {
    const r = reports[k];
    for (const g of group(it)) {
      const t = out.get(g) ?? out.set(g, { n: 0, any: 0, blocking: 0 }).get(g)!;
      t.n++;
      if (r.flags.length > 0) t.any++;
      if (r.flags.some((f) => f.severity === 'blocking')) t.blocking++;
    }
  });
  return out;
}

const pct = (a: number, b: number) => (b === 0 ? '–' : (a / b).toFixed(3));

function table(title: string, t: Map<string, Tally>): string[] {
  const correct = t.get('correct');
  const lines = [
    `### ${title}`,
    '',
    '| label | summaries | flagged (any) | flagged (blocking) | balanced precision (any / blocking) |',
    '|---|---:|---:|---:|---:|',
  ];
  for (const [k, v] of [...t].sort((a, b) =>
    a[0] === 'correct' ? 1 : b[0] === 'correct' ? -1 : a[0] < b[0] ? -1 : 1,
  )) {
    const bal = (use: 'any' | 'blocking') => {
      if (k === 'correct' || !correct) return '';
      const r = v[use] / v.n;
      const fa = correct[use] / correct.n;
      return (r / (r + fa || 1)).toFixed(3);
    };
    lines.push(
      `| ${k} | ${v.n} | ${v.any} (${pct(v.any, v.n)}) | ${v.blocking} (${pct(v.blocking, v.n)}) | ${k === 'correct' ? '(false alarms)' : `${bal('any')} / ${bal('blocking')}`} |`,
    );
  }
  return lines;
}

function errorGroups(raw: string): string[] {
  const t = raw.trim();
  if (!t || t === 'correct') return ['correct'];
  const kinds = [...t.matchAll(/'([^']+)'/g)].map((m) => m[1]).filter((k) => k !== 'noise');
  if (kinds.length === 0) return ['correct'];
  const groups = new Set<string>();
  for (const k of kinds) {
    if (k.startsWith('intrinsic')) groups.add('intrinsic (any)');
    else if (k.startsWith('extrinsic')) groups.add('extrinsic (any)');
    else groups.add(k);
    groups.add(k);
  }
  groups.add('any error');
  return [...groups];
}

const inDevHalf = (doc: string) => createHash('sha1').update(doc).digest()[0] % 2 === 0;

/** Blocking rates on each half of a domain's documents (the split of grounding-human-kinds.ts). */
function halves(items: Item[], reports: GroundingReport[]): string[] {
  const lines = ['| half | correct blocked | wrong blocked | balanced precision (blocking) |', '|---|---:|---:|---:|'];
  for (const dev of [true, false]) {
    const rate = (correct: boolean) => {
      const ks = items.flatMap((it, k) =>
        inDevHalf(it.doc) === dev && it.labels.includes('correct') === correct ? [k] : [],
      );
      const hit = ks.filter((k) => reports[k].flags.some((f) => f.severity === 'blocking')).length;
      return { n: ks.length, hit, r: ks.length ? hit / ks.length : 0 };
    };
    const c = rate(true);
    const w = rate(false);
    lines.push(
      `| ${dev ? 'development' : 'held-out'} | ${c.hit}/${c.n} (${pct(c.hit, c.n)}) | ${w.hit}/${w.n} (${pct(w.hit, w.n)}) | ${(w.r / (w.r + c.r || 1)).toFixed(3)} |`,
    );
  }
  return lines;
}

const out: string[] = [];
const aggrefact = arg('aggrefact', '/work/.mirror/Liyan06+AggreFact/repo');
for (const [name, path] of [
  ['CLIFF (Cao & Wang 2021)', 'data/error_type_mapping/CLIFF_error_types.csv'],
  ['Goyal & Durrett 2021', 'data/error_type_mapping/Goyal21_error_types.csv'],
] as const) {
  const csv = gitShow(aggrefact, path);
  if (!csv) {
    console.log(`skipped ${name}: ${path} not found in ${aggrefact} (bring Liyan06/AggreFact onto the machine)`);
    continue;
  }
  const rows = parse<Record<string, string>>(csv, { columns: true });
  const items: Item[] = rows.map((r) => ({
    doc: r.doc,
    summary: r.summ,
    labels: errorGroups(r.error_type),
    origin: r.origin,
  }));
  const t0 = performance.now();
  const reports = items.map(check);
  const ms = performance.now() - t0;
  out.push(
    ...table(
      `${name}: ${items.length} summaries (${commitOf(aggrefact).slice(0, 12)}, ${path}; ${ms.toFixed(0)} ms)`,
      tallyBy(items, reports, (i) => i.labels),
    ),
    '',
    ...table(
      `${name}, XSum only`,
      tallyBy(
        items.filter((i) => i.origin === 'xsum'),
        reports.filter((_, k) => items[k].origin === 'xsum'),
        (i) => i.labels,
      ),
    ),
    '',
    ...table(
      `${name}, CNN/DM only`,
      tallyBy(
        items.filter((i) => i.origin === 'cnndm'),
        reports.filter((_, k) => items[k].origin === 'cnndm'),
        (i) => i.labels,
      ),
    ),
    '',
  );
}

const summedits = arg('summedits', '/work/.mirror/salesforce+factualNLG/repo');
// News first (half of it is the development half of grounding-human-kinds.ts); the other domains are
// conversations, meetings, e-mails, papers and earnings calls: ECTSum (earnings calls) was looked at
// while fixing business shorthand and figure ranges. The development halves (same split) of chats
// (samsum), papers (scitldr), meetings (qmsumm) and podcasts were looked at on 2026-12-07 (counts of
// listed names, plural acronyms); each domain's halves are printed apart below its table.
for (const domain of ['news', 'ectsum', 'sales_email', 'sales_call', 'podcast', 'samsum', 'scitldr', 'qmsumm']) {
  const data = gitShow(summedits, `data/summedits/summedits_${domain}.json`);
  if (!data) {
    console.log(`skipped SummEdits ${domain}: not found in ${summedits}`);
    continue;
  }
  const rows = JSON.parse(data) as { doc: string; summary: string; label: number; edit_types?: string[] }[];
  const items: Item[] = rows.map((r) => ({
    doc: r.doc,
    summary: r.summary,
    labels: r.label === 1 ? ['correct'] : ['any error', ...(r.edit_types ?? []).map((e) => `edit: ${e}`)],
    origin: domain,
  }));
  const reports = items.map(check);
  const tally = tallyBy(items, reports, (i) => i.labels);
  out.push(
    ...(domain === 'news'
      ? table(`SummEdits news: ${items.length} summaries (${commitOf(summedits).slice(0, 12)})`, tally)
      : table(`SummEdits ${domain}: ${items.length} summaries`, tally).filter((l) => !l.startsWith('| edit:'))),
    '',
  );
  if (domain !== 'news') out.push(...halves(items, reports), '');
}
// FactCC (Kryscinski et al. 2020): rule-made edits of CNN/DM and XSum sentences (negation, entity,
// number, date and pronoun swaps), kept where annotators judged them unsupported; all are wrong, so
// this measures recall alone. Split like grounding-human-kinds.ts: the development half (SHA-1 of the
// article, first byte even) was looked at when adding the repeated-figure, weekday, pronoun and
// count-for-share rules; the held-out half is for reporting.
const factcc = gitShow(summedits, 'data/factcc/factcc_explanation_annotation.json');
if (!factcc) console.log(`skipped FactCC: not found in ${summedits}`);
else {
  const rows = JSON.parse(factcc) as { doc: string; summary: string }[];
  out.push(
    '### FactCC annotated edits (all unsupported: recall only)',
    '',
    '| half | summaries | flagged (any) | flagged (blocking) |',
    '|---|---:|---:|---:|',
  );
  for (const half of ['development', 'held-out'] as const) {
    const items = rows.filter(
      (r) => (createHash('sha1').update(r.doc).digest()[0] % 2 === 0) === (half === 'development'),
    );
    const reports = items.map((r) =>
      check({ doc: r.doc, summary: r.summary, labels: ['any error'], origin: 'factcc' }),
    );
    const any = reports.filter((r) => r.flags.length > 0).length;
    const blocking = reports.filter((r) => r.flags.some((f) => f.severity === 'blocking')).length;
    out.push(
      `| ${half} | ${items.length} | ${any} (${pct(any, items.length)}) | ${blocking} (${pct(blocking, items.length)}) |`,
    );
  }
  out.push('');
}
console.log(out.join('\n'));
