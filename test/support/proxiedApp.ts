import { Writable } from 'node:stream';
import { boot } from '../../server/boot.js';
import { loadConfig } from '../../server/env.js';
import { createLogger } from '../../server/logging/logger.js';
import { createTestDatabase } from './testDb.js';
import { TEST_SECRET, type TestApp } from './testApp.js';
import { startTcpProxy, type TcpProxy } from './tcpProxy.js';

export interface ProxiedApp extends TestApp {
  proxy: TcpProxy;
}

/**
 * The real app on a throwaway PostgreSQL database reached through a proxy the test can cut or
 * freeze. `t.db` is a direct connection for fixtures and checks; the app's own pool (requests,
 * workers) goes through the proxy. Timeouts are test-sized unless `env` says otherwise.
 */
export async function startProxiedApp(env: Record<string, string> = {}): Promise<ProxiedApp> {
  const base = await createTestDatabase('postgres');
  const proxy = await startTcpProxy(base.url!);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const config = loadConfig({
    NODE_ENV: 'test',
    SESSION_SECRET: TEST_SECRET,
    SEED_DEMO: 'false',
    DATA_DIR: process.env.BD_TEST_TMP ?? '/tmp',
    DATABASE_URL: proxy.url,
    DATABASE_POOL_SIZE: '4',
    DATABASE_CONNECT_TIMEOUT_MS: '500',
    DATABASE_STATEMENT_TIMEOUT_MS: '1000',
    READINESS_TIMEOUT_MS: '500',
    ...env,
  });
  const booted = await boot(config, { logger: createLogger('info', sink), skipFirstRun: true });
  return {
    kind: 'postgres',
    app: booted.app,
    booted,
    db: base,
    logs,
    proxy,
    async close() {
      await booted.stop().catch(() => {});
      await proxy.close();
      await base.dropAndClose();
    },
  };
}
