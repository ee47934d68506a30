import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runCli } from '../../server/cli/main.js';

// What an operator sees when a command is given a file it cannot use: one line naming the file and
// what is wrong with it, not a stack trace.
async function cli(argv: string[]) {
  let out = '';
  let err = '';
  const stream = (add: (s: string) => void) =>
    new Writable({
      write(c, _e, cb) {
        add(String(c));
        cb();
      },
    });
  const code = await runCli(
    argv,
    { NODE_ENV: 'test', LOG_LEVEL: 'silent' },
    {
      out: stream((s) => (out += s)),
      err: stream((s) => (err += s)),
    },
  );
  return { code, out, err };
}

describe('CLI errors an operator can fix', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-errors-'));
  const draft = join(dir, 'draft.json');
  writeFileSync(draft, JSON.stringify({ sections: [{ key: 'body', text: 'Output rose 12%.' }] }));

  test('a directory given as a file is named in one line', async () => {
    const { code, err } = await cli(['grounding', dir, dir]);
    expect(code).toBe(1);
    expect(err).toBe(`Error: ${dir}: is a directory, not a file (EISDIR, read)\n`);
  });

  test('a missing file is named in one line', async () => {
    const missing = join(dir, 'sources.jsonl');
    const { code, err } = await cli(['grounding', draft, missing]);
    expect(code).toBe(1);
    expect(err).toBe(`Error: ${missing}: no such file or directory (ENOENT, open)\n`);
  });

  test('input the command refuses is one line and exit code 2', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"sections": [');
    const { code, err, out } = await cli(['grounding', bad, draft]);
    expect(code).toBe(2);
    expect(err).toBe(`Error: ${bad} is not valid JSON.\n`);
    expect(out).toBe('');
  });

  test('wrong arguments print the usage line', async () => {
    const { code, err } = await cli(['grounding', draft]);
    expect(code).toBe(2);
    expect(err).toMatch(/^Error: usage: grounding <draft\.json> <sources\.jsonl>/);
    expect(err.split('\n').filter(Boolean)).toHaveLength(1);
  });
});
