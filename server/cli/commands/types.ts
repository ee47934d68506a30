import type { Config } from '../../env.js';
import type { Database } from '../../db/connect.js';

export interface CliContext {
  argv: string[];
  config: Config;
  db?: Database;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

export interface CliCommand {
  summary: string;
  needsDatabase: boolean;
  run(ctx: CliContext): Promise<number>;
}
