import { ConfigError } from '../env.js';
import { AppError } from '../errors/AppError.js';

// What an operator can act on, in words; Node's own messages ("EISDIR: illegal operation on a
// directory, read") read as a crash.
const SYSTEM_WORDS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EISDIR: 'is a directory, not a file',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EEXIST: 'already exists and is not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'file name too long',
};

interface SystemError extends Error {
  code: string;
  syscall?: string;
  path?: string;
}

// Duck-typed: Node's fs errors need not be instances of this realm's Error (jest's VM contexts).
function isSystemError(err: unknown): err is SystemError {
  if (typeof err !== 'object' || err === null) return false;
  const { code, message } = err as Partial<SystemError>;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) && typeof message === 'string';
}

/**
 * One line for an error the operator caused or can fix (bad arguments, configuration, a file that
 * cannot be read or written), or undefined for anything else: that is a bug, and its stack is kept.
 */
export function describeCliError(err: unknown): string | undefined {
  if (err instanceof ConfigError) return err.message;
  if (err instanceof AppError) return `Error: ${err.detail}`;
  if (isSystemError(err)) {
    const words = SYSTEM_WORDS[err.code] ?? err.message.replace(/^E[A-Z]+: /, '');
    return `Error: ${err.path ? `${err.path}: ` : ''}${words} (${err.code}${err.syscall ? `, ${err.syscall}` : ''})`;
  }
  return undefined;
}
