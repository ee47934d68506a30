import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeDirectory, makeDirectorySync } from '../../server/util/makeDirectory.js';

// The export's directory and the embedded database's data directory are typed by an operator.
describe('making an operator-given directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'make-dir-'));

  test('nested directories are made, and making them again is no error', async () => {
    const deep = join(dir, 'site', 'news', 'v1');
    await makeDirectory(deep);
    await makeDirectory(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    const deepSync = join(dir, 'data', 'pglite');
    makeDirectorySync(deepSync);
    makeDirectorySync(deepSync);
    expect(statSync(deepSync).isDirectory()).toBe(true);
  });

  test('several callers making the same path at once all succeed', async () => {
    const shared = join(dir, 'together', 'a', 'b');
    await Promise.all(Array.from({ length: 8 }, () => makeDirectory(shared)));
    expect(statSync(shared).isDirectory()).toBe(true);
  });

  test('a file in the way is refused, naming the path', async () => {
    const file = join(dir, 'plain.txt');
    writeFileSync(file, 'x');
    await expect(makeDirectory(file)).rejects.toMatchObject({ code: 'ENOTDIR', path: file });
    await expect(makeDirectory(join(file, 'below'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    expect(() => makeDirectorySync(file)).toThrow(expect.objectContaining({ code: 'ENOTDIR', path: file }));
  });

  // Node's own recursive mkdir loops forever here (the kernel answers ENOENT under /proc although
  // /proc exists): a hang, not an error. Here it is an error at once (a hang would fail this test).
  const onProc = existsSync('/proc/self') ? test : test.skip;
  onProc(
    'a path the kernel will not create (under /proc) is an error naming it, not a hang',
    async () => {
      await expect(makeDirectory('/proc/bd-export/site')).rejects.toMatchObject({
        code: 'ENOENT',
        path: '/proc/bd-export',
      });
      expect(() => makeDirectorySync('/proc/bd-data')).toThrow(
        expect.objectContaining({ code: 'ENOENT', path: '/proc/bd-data' }),
      );
    },
    10_000,
  );
});
