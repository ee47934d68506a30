import autocannon from 'autocannon';
import { asError } from '../../server/util/errors.js';
import { summarise } from './percentiles.js';

export interface LoadResult {
  label: string;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** Closed-loop load with autocannon; latencies collected per response so p95 is exact. */
export async function load(
  label: string,
  url: string,
  opts: { connections?: number; durationSeconds?: number; headers?: Record<string, string> } = {},
): Promise<LoadResult> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url, connections: opts.connections ?? 50, duration: opts.durationSeconds ?? 8, headers: opts.headers },
      (err, res) => (err ? reject(asError(err)) : resolve(res)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
    });
  });
  const s = summarise(latencies);
  return {
    label,
    requestsPerSecond: result.requests.average,
    p50: s.p50,
    p95: s.p95,
    p99: s.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export function table(rows: LoadResult[], baseline?: LoadResult): string {
  const head = '| target | req/s | p50 ms | p95 ms | p99 ms | errors | non-2xx |' + (baseline ? ' vs bare |' : '');
  const sep = '|---|---:|---:|---:|---:|---:|---:|' + (baseline ? '---:|' : '');
  const lines = rows.map(
    (r) =>
      `| ${r.label} | ${r.requestsPerSecond.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p95.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.errors} | ${r.non2xx} |` +
      (baseline ? ` ${((100 * r.requestsPerSecond) / baseline.requestsPerSecond).toFixed(0)}% |` : ''),
  );
  return [head, sep, ...lines].join('\n');
}
