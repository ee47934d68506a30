import { loadViews } from '../../views/views.js';
import { siteOrigin } from '../../publishing/publishDeps.js';
import { exportSite } from '../../publishing/export/exportSite.js';
import { loadEditorialKey } from '../../publishing/record/editorialKey.js';
import type { CliCommand } from './types.js';

const USAGE = 'Usage: npm run cli -- export <dir> [--origin https://news.example.com]\n';

export const exportCommand: CliCommand = {
  summary:
    'Write the public site (pages, versions, signed records, tags, feeds, sitemap, assets) as static files; re-runs rewrite only what changed',
  needsDatabase: true,
  async run({ argv, config, db, out, err }) {
    const args = [...argv];
    let origin: string | undefined;
    const at = args.indexOf('--origin');
    if (at >= 0) {
      origin = args[at + 1];
      args.splice(at, 2);
      if (!origin || !/^https?:\/\/[^/]+$/.test(origin.replace(/\/$/, ''))) {
        err.write(`--origin must be an http(s) origin such as https://news.example.com\n${USAGE}`);
        return 2;
      }
      origin = origin.replace(/\/$/, '');
    }
    const [dir, ...rest] = args;
    if (!dir || rest.length) {
      err.write(USAGE);
      return 2;
    }
    const report = await exportSite(
      { db: db!.prisma, views: loadViews(), config, origin: origin ?? siteOrigin(config) },
      dir,
      await loadEditorialKey(config),
    );
    out.write(
      `Exported ${report.files} files to ${dir}: ${report.written} written, ${report.unchanged} unchanged, ${report.removed} removed\n`,
    );
    return 0;
  },
};
