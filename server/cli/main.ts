import { loadConfig } from '../env.js';
import { AppError } from '../errors/AppError.js';
import { connectDatabase } from '../db/connect.js';
import { applyMigrations } from '../db/migrate.js';
import { withStartupLock } from '../db/startupLock.js';
import { commands } from './commands/index.js';
import { describeCliError } from './describeError.js';
import type { CliCommand } from './commands/types.js';

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
  try {
    return await runCommand(name, command, rest, env, io);
  } catch (err) {
    const line = describeCliError(err);
    if (line === undefined) throw err;
    io.err.write(`${line}\n`);
    // 2 for input the command refused, as for bad arguments; 1 for what failed around it.
    return err instanceof AppError ? 2 : 1;
  }
}

async function runCommand(
  name: string,
  command: CliCommand,
  rest: string[],
  env: Record<string, string | undefined>,
  io: CliIo,
): Promise<number> {
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
      // runCli has already printed what an operator can fix; this is a bug, so keep its stack.
      console.error(err);
      process.exit(1);
    },
  );
}
