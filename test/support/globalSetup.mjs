// Jest loads global setup outside its module system (no moduleNameMapper, no ts-jest ESM).
// The TypeScript that builds the template databases runs in a child process under tsx,
// so no loader thread lingers in jest's own process.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export default async function globalSetup() {
  const tsx = require.resolve('tsx/cli');
  const out = execFileSync(process.execPath, [tsx, 'test/support/prepareDatabases.ts'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: process.env,
  });
  const vars = JSON.parse(out.trim().split('\n').at(-1));
  Object.assign(process.env, vars);
}
