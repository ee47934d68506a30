import type { Server } from 'node:http';
import { createApp } from './app.js';
import type { Config } from './env.js';
import type { AppDeps } from './deps.js';
import { connectDatabase, type Database } from './db/connect.js';
import { applyMigrations } from './db/migrate.js';
import { createLogger, type Logger } from './logging/logger.js';
import { createMetrics } from './http/metrics.js';
import { loadViews } from './views/views.js';
import { createLoginLimiter } from './auth/loginLimiter.js';
import { finishFirstRun, firstRun, type FirstRunResult } from './seed/firstRun.js';

export interface Booted {
  deps: AppDeps;
  app: ReturnType<typeof createApp>;
  firstRun: FirstRunResult;
  /** With deferDemoBriefings: writes the demo's briefings (call once listening, before the workers start). */
  finishFirstRun(): Promise<void>;
  migrationsApplied: string[];
  stop(): Promise<void>;
}

/** Connect, migrate, seed, build the app. Listening is the caller's choice (main.ts or a test). */
export async function boot(
  config: Config,
  opts: { logger?: Logger; database?: Database; skipFirstRun?: boolean; deferDemoBriefings?: boolean } = {},
): Promise<Booted> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const db =
    opts.database ??
    (await connectDatabase(config.database, {
      onPoolError: (err) => logger.warn({ err }, 'idle database connection lost; the pool will reconnect'),
    }));
  try {
    const migrationsApplied = await applyMigrations(db.prisma, db.adapterFactory);
    if (migrationsApplied.length) logger.info({ migrations: migrationsApplied }, 'applied migrations');
    const deps: AppDeps = {
      config,
      db,
      logger,
      metrics: createMetrics(db.poolStats),
      views: loadViews(),
      loginLimiter: createLoginLimiter(db.prisma),
      now: () => new Date(),
    };
    const fr = opts.skipFirstRun
      ? { demoSeeded: false }
      : await firstRun(deps, logger, { deferBriefings: opts.deferDemoBriefings });
    const app = createApp(deps);
    return {
      deps,
      app,
      firstRun: fr,
      finishFirstRun: () => (opts.skipFirstRun ? Promise.resolve() : finishFirstRun(deps, logger)),
      migrationsApplied,
      async stop() {
        deps.loginLimiter.close();
        await db.close();
      },
    };
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
}

/** Stop accepting, let in-flight requests finish (up to graceMs), then drop what is left. */
export function closeServer(server: Server, graceMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
