import { readFile } from 'node:fs/promises';
import { runGroundingCli } from '../../grounding/cli.js';
import type { CliCommand } from './types.js';

/** Reading a directory fails without naming it (EISDIR carries no path); the operator needs to know which. */
async function readNamedFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if (typeof err === 'object' && err !== null && !('path' in err)) Object.assign(err, { path });
    throw err;
  }
}

export const groundingCommand: CliCommand = {
  summary:
    'Check a draft against sources: grounding <draft.json> <sources.jsonl> [--text] [--fail-on-flags]; prints the JSON report (--text: each flag with its draft and source spans)',
  needsDatabase: false,
  run: ({ argv, out }) => runGroundingCli(argv, { readFile: readNamedFile, stdout: out }),
};
