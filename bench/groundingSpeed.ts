/**
 * The speed part of `bench:grounding` alone, for profiling (`node --cpu-prof --import tsx bench/groundingSpeed.ts`):
 * the whole check with the sources indexed from scratch, and with them cached.
 */
import { fileURLToPath } from 'node:url';
import { checkGrounding, clearSentenceMemo, clearSourceIndexCache } from '../server/grounding/index.js';
import { loadReleases } from './grounding/evalSet.js';
import { buildPerfCase } from './grounding/perfCase.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const perf = buildPerfCase(loadReleases(`${root}test/fixtures/news/senate-press-releases-sample.jsonl`));
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
// CPU time counts the garbage collector's helper threads too, so it runs above the time a user waits
// (wall clock); both are printed. CPU time is the steadier figure on a loaded machine.
function run(label: string, runs: number, before: () => void) {
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < runs; i++) {
    before();
    const c = cpuMs();
    const w = performance.now();
    checkGrounding(perf);
    wall.push(performance.now() - w);
    cpu.push(cpuMs() - c);
  }
  const q = (xs: number[], p: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))].toFixed(1);
  console.log(
    `${label}: CPU p50 ${q(cpu, 0.5)} ms, p95 ${q(cpu, 0.95)} ms; wall p50 ${q(wall, 0.5)} ms, p95 ${q(wall, 0.95)} ms (${runs} runs)`,
  );
}
// Warm up as a serving process is warm: the first few checks of a fresh process are slower while
// V8 compiles the check's code on its background threads (measured: the two slowest of 30 runs
// were the two after a single warm-up check), which says nothing about the check itself.
for (let i = 0; i < 5; i++) {
  clearSourceIndexCache();
  clearSentenceMemo();
  checkGrounding(perf);
}
run('from scratch', 30, () => {
  clearSourceIndexCache();
  clearSentenceMemo();
});
if (!process.env.SCRATCH_ONLY) run('sources cached', 40, clearSentenceMemo);
