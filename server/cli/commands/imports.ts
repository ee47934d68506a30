import type { CliCommand } from './types.js';
import { importRun, recentImportRuns } from '../../queries/importRuns.js';
import { presentImportRun } from '../../presenters/feedPresenter.js';

/** `imports` lists recent runs with their status; `imports <id>` prints one run with its per-line report. */
export const importsCommand: CliCommand = {
  summary: 'List recent import runs (status, counts), or print one: imports [<run id>]',
  needsDatabase: true,
  async run({ db, argv, out, err }) {
    const id = argv.find((a) => !a.startsWith('--'));
    if (id && !/^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(id)) {
      err.write('Usage: npm run cli -- imports [<run id>] (the id is a UUID, as `imports` lists them)\n');
      return 2;
    }
    if (id) {
      const run = presentImportRun(await importRun(db!.prisma, id));
      out.write(JSON.stringify(run, null, 2) + '\n');
      return run.status === 'succeeded' || run.status === 'running' ? 0 : 1;
    }
    for (const r of (await recentImportRuns(db!.prisma, 20)).map(presentImportRun)) {
      out.write(
        `${r.id}  ${r.createdAt}  ${r.status.padEnd(11)}  ${r.filename}  ${r.total} records: ${r.added} added, ${r.updated} updated, ${r.unchanged} unchanged, ${r.duplicates} near-duplicates, ${r.errorCount} errors${r.failure ? `  (${r.failure})` : ''}\n`,
      );
    }
    return 0;
  },
};
