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
function run(label: string, runs: number, before: () => void) {
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    before();
    const c = cpuMs();
    checkGrounding(perf);
    cpu.push(cpuMs() - c);
  }
  cpu.sort((a, b) => a - b);
  const q = (p: number) => cpu[Math.min(cpu.length - 1, Math.floor(cpu.length * p))].toFixed(1);
  console.log(`${label}: CPU p50 ${q(0.5)} ms, p95 ${q(0.95)} ms (${runs} runs)`);
}
checkGrounding(perf);
run('from scratch', 30, () => {
  clearSourceIndexCache();
  clearSentenceMemo();
});
if (!process.env.SCRATCH_ONLY) run('sources cached', 40, clearSentenceMemo);
