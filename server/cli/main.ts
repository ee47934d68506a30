import { ConfigError, loadConfig } from '../env.js';
import { connectDatabase } from '../db/connect.js';
import { applyMigrations } from '../db/migrate.js';
import { withStartupLock } from '../db/startupLock.js';
import { commands } from './commands/index.js';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(14)} ${c.summary}`)
  .join('\n')}
`;

/** Entry for `npm run cli`; each command lives in its own file under commands/. */
export interface CliIo {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

export async function runCli(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
  io: CliIo = { out: process.stdout, err: process.stderr },
): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    io.err.write((name && name !== 'help' && name !== '--help' ? `Unknown command: ${name}\n\n` : '') + USAGE);
    return name && name !== 'help' && name !== '--help' ? 2 : 0;
  }
  const config = loadConfig(env);
  if (!command.needsDatabase) return command.run({ argv: rest, config, out: io.out, err: io.err });
  const db = await connectDatabase(config.database);
  try {
    // The same lock as the app's start: a CLI run while replicas start does not race their migrations.
    await withStartupLock(db, () => applyMigrations(db.prisma, db.adapterFactory), { holder: `cli ${name}` });
    return await command.run({ argv: rest, config, db, out: io.out, err: io.err });
  } finally {
    await db.close();
  }
}

const isEntry = process.argv[1] && /cli[\\/]main\.(ts|js)$/.test(process.argv[1]);
if (isEntry) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      if (err instanceof ConfigError) console.error(err.message);
      else if (err && typeof err === 'object' && 'detail' in err)
        console.error(`Error: ${(err as { detail: string }).detail}`);
      else console.error(err);
      process.exit(1);
    },
  );
}
