import http from 'node:http';
import { summarise } from './percentiles.js';

/**
 * N people using the app at once: each requests a page, reads it for a while
 * (exponential think time around a mean), then requests the next. This is the
 * load "N concurrent logged-in clients" puts on a server, unlike a closed loop
 * with zero think time, which measures saturation throughput instead.
 */
export async function thinkTimeLoad(opts: {
  base: string;
  cookies: string[];
  clients: number;
  seconds: number;
  meanThinkMs: number;
  pathFor: () => string;
}): Promise<{ requests: number; rps: number; p50: number; p95: number; p99: number; errors: number }> {
  const url = new URL(opts.base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.clients });
  const latencies: number[] = [];
  let errors = 0;
  const until = Date.now() + opts.seconds * 1000;
  const get = (path: string, cookie: string) =>
    new Promise<number>((resolve) => {
      const t0 = performance.now();
      const req = http.get(
        { host: url.hostname, port: url.port, path, agent, headers: { cookie, accept: 'text/html' } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode === 200 ? performance.now() - t0 : -1));
        },
      );
      req.on('error', () => resolve(-1));
    });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const person = async (i: number) => {
    // Stagger the first requests so the people do not all click at the same instant.
    await sleep(Math.random() * opts.meanThinkMs);
    while (Date.now() < until) {
      const ms = await get(opts.pathFor(), opts.cookies[i % opts.cookies.length]);
      if (ms < 0) errors++;
      else latencies.push(ms);
      await sleep(-Math.log(1 - Math.random()) * opts.meanThinkMs);
    }
  };
  await Promise.all(Array.from({ length: opts.clients }, (_, i) => person(i)));
  agent.destroy();
  const s = summarise(latencies);
  return {
    requests: latencies.length,
    rps: latencies.length / opts.seconds,
    p50: s.p50,
    p95: s.p95,
    p99: s.p99,
    errors,
  };
}
