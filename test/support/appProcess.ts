import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface AppProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>;
  /** Resolves with the base URL once the process prints it; rejects if it exits first. */
  ready: Promise<string>;
  stop(): Promise<number | null>;
}

/**
 * Starts the real process entry (`server/main.ts` under tsx, as `npm run dev` does) with only the
 * given environment, so a test sees exactly what an operator starting a replica would.
 */
export function spawnApp(env: Record<string, string>, opts: { readyTimeoutMs?: number } = {}): AppProcess {
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'server/main.ts'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (out += c));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no start within ${opts.readyTimeoutMs ?? 120_000} ms:\n${out}`)),
      opts.readyTimeoutMs ?? 120_000,
    );
    const check = () => {
      const m = /running at (http:\/\/\S+?)\/ /.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}:\n${out}`));
    });
  });
  // A caller that only awaits `exited` must not see an unhandled rejection.
  ready.catch(() => {});
  return {
    child,
    output: () => out,
    exited,
    ready,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
