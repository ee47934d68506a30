import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';

/*
 * `mkdir -p`, one level at a time. Node's own `{ recursive: true }` never returns for a path that
 * the kernel refuses with ENOENT although its parent exists (anything under /proc, say): it creates
 * the parent, which exists, and tries the child again, forever. An operator's mistyped export or
 * data directory must be an error that names the path, not a hang.
 */

const isCode = (err: unknown, code: string) => (err as NodeJS.ErrnoException | null)?.code === code;

/**
 * Synchronous underneath: a directory that exists costs one `stat`, and one that does not a few
 * `mkdir`s, each microseconds; a second, asynchronous copy of the walk is not worth keeping.
 */
export function makeDirectory(dir: string): Promise<void> {
  return Promise.resolve().then(() => makeDirectorySync(dir));
}

export function makeDirectorySync(dir: string): void {
  const target = path.resolve(dir);
  // The missing directories, outermost first, up to the nearest path that exists.
  const todo: string[] = [];
  let p = target;
  let found = statSync(p, { throwIfNoEntry: false });
  while (!found && path.dirname(p) !== p) {
    todo.unshift(p);
    p = path.dirname(p);
    found = statSync(p, { throwIfNoEntry: false });
  }
  // A file in the way below the target: mkdir says ENOTDIR itself.
  if (todo.length === 0 && !found?.isDirectory()) throw notADirectory(target);
  for (const q of todo) {
    try {
      mkdirSync(q);
    } catch (err) {
      // Another process made it in the meantime: as good as made here.
      if (!isCode(err, 'EEXIST') || !statSync(q).isDirectory()) throw err;
    }
  }
}

function notADirectory(p: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`ENOTDIR: not a directory, mkdir '${p}'`);
  err.code = 'ENOTDIR';
  err.syscall = 'mkdir';
  err.path = p;
  return err;
}
