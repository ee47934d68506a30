import type { CliCommand } from './types.js';
import { runDriftPass } from '../../workers/sourceDrift.js';
import { workerOwner } from '../../workers/worker.js';

/** `npm run cli -- drift:check`: one source drift pass now, a line per source checked. */
export const driftCheck: CliCommand = {
  summary: 'Re-fetch the due sources of published briefings now and mark those that changed or vanished',
  needsDatabase: true,
  async run(ctx) {
    const pass = await runDriftPass(
      ctx.db!.prisma,
      workerOwner(),
      ctx.config.drift,
      { allowPrivate: ctx.config.sources.allowPrivateFetch },
      () => new Date(),
      (err, sourceId) => ctx.err.write(`${sourceId}: ${String(err)}\n`),
    );
    for (const c of pass.checks) {
      const marked = c.briefingIds.length ? ` (marked ${c.briefingIds.length} briefing(s))` : '';
      ctx.out.write(
        `${c.sourceId}  ${c.outcome}${c.httpStatus ? ` ${c.httpStatus}` : ''}${marked}${c.error ? `  ${c.error}` : ''}\n`,
      );
    }
    const counts = new Map<string, number>();
    for (const c of pass.checks) counts.set(c.outcome, (counts.get(c.outcome) ?? 0) + 1);
    ctx.out.write(
      `${pass.checks.length} source(s) checked, ${pass.watched} newly watched` +
        (counts.size ? `: ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')}` : '') +
        '\n',
    );
    return pass.checks.some((c) => c.outcome === 'error') ? 1 : 0;
  },
};
