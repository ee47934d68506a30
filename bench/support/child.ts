import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Starts a TypeScript entry under tsx and waits for the JSON line it prints when ready. */
export function startChild<T>(
  entry: string,
  env: Record<string, string | undefined>,
): Promise<{ child: ChildProcess; info: T; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), entry], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (c) => {
      buf += c;
      const line = buf.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        resolve({
          child,
          info: JSON.parse(line) as T,
          stop: () =>
            new Promise((r) => {
              child.once('exit', () => r());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code}`)));
  });
}
