import { readFile } from 'node:fs/promises';
import { runGroundingCli } from '../../grounding/cli.js';
import type { CliCommand } from './types.js';

export const groundingCommand: CliCommand = {
  summary:
    'Check a draft against sources: grounding <draft.json> <sources.jsonl> [--text] [--fail-on-flags]; prints the JSON report (--text: each flag with its draft and source spans)',
  needsDatabase: false,
  run: ({ argv, out }) => runGroundingCli(argv, { readFile: (p) => readFile(p, 'utf8'), stdout: out }),
};
