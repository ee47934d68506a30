import { mkdirSync, statSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

/*
 * `mkdir -p`, one level at a time. Node's own `{ recursive: true }` never returns for a path that
 * the kernel refuses with ENOENT although its parent exists (anything under /proc, say): it creates
 * the parent, which exists, and tries the child again, forever. An operator's mistyped export or
 * data directory must be an error that names the path, not a hang.
 */

const isCode = (err: unknown, code: string) => (err as NodeJS.ErrnoException | null)?.code === code;

export async function makeDirectory(dir: string): Promise<void> {
  const there = (p: string) =>
    stat(p).then(
      () => true,
      () => false,
    );
  const target = path.resolve(dir);
  // The missing directories, outermost first; a path that stats is "there" (mkdir below and the
  // final check say whether it is a directory).
  const todo: string[] = [];
  for (let p = target; !(await there(p)) && path.dirname(p) !== p; p = path.dirname(p)) todo.unshift(p);
  for (const p of todo) {
    try {
      await mkdir(p);
    } catch (err) {
      // Another process made it in the meantime: as good as made here.
      if (!isCode(err, 'EEXIST') || !(await stat(p)).isDirectory()) throw err;
    }
  }
  if (!(await stat(target)).isDirectory()) throw notADirectory(target);
}

export function makeDirectorySync(dir: string): void {
  const there = (p: string) => {
    try {
      statSync(p);
      return true;
    } catch {
      return false;
    }
  };
  const target = path.resolve(dir);
  const todo: string[] = [];
  for (let p = target; !there(p) && path.dirname(p) !== p; p = path.dirname(p)) todo.unshift(p);
  for (const p of todo) {
    try {
      mkdirSync(p);
    } catch (err) {
      if (!isCode(err, 'EEXIST') || !statSync(p).isDirectory()) throw err;
    }
  }
  if (!statSync(target).isDirectory()) throw notADirectory(target);
}

function notADirectory(p: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`ENOTDIR: not a directory, mkdir '${p}'`);
  err.code = 'ENOTDIR';
  err.syscall = 'mkdir';
  err.path = p;
  return err;
}
