import type { Server } from 'node:http';
import { hostname } from 'node:os';
import { createApp } from './app.js';
import type { Config } from './env.js';
import type { AppDeps } from './deps.js';
import { connectDatabase, type Database } from './db/connect.js';
import { applyMigrations } from './db/migrate.js';
import { withStartupLock } from './db/startupLock.js';
import { databaseTarget, waitForDatabase } from './db/waitForDatabase.js';
import { legacySessionSecret, newSessionSecret, sharedSessionSecret } from './auth/sessionSecret.js';
import { createLogger, type Logger } from './logging/logger.js';
import { createMetrics } from './http/metrics.js';
import { loadViews } from './views/views.js';
import { createLoginLimiter } from './auth/loginLimiter.js';
import { finishFirstRun, firstRun, type FirstRunResult } from './seed/firstRun.js';
import { loadEditorialKey } from './publishing/record/editorialKey.js';

export interface Booted {
  deps: AppDeps;
  app: ReturnType<typeof createApp>;
  firstRun: FirstRunResult;
  /** With deferDemoBriefings: writes the demo's briefings (call once listening, before the workers start). */
  finishFirstRun(): Promise<void>;
  migrationsApplied: string[];
  stop(): Promise<void>;
}

/**
 * Connect (waiting for a database that is not up yet), migrate, settle the shared session secret,
 * seed, build the app. Listening is the caller's choice (main.ts or a test). Migrating, the secret
 * and seeding run under a database-wide start-up lock: replicas started together take turns.
 */
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
    await waitForDatabase(db, {
      waitMs: config.databaseStartupWaitMs,
      target: databaseTarget(config.database),
      logger,
    });
    const views = loadViews();
    const editorialKey = await loadEditorialKey(config);
    const lockOpts = {
      holder: `${hostname()}:${process.pid}`,
      onWait: ({ holder, waitedMs }: { holder: string | null; waitedMs: number }) =>
        logger.info({ holder, waitedMs }, 'another process is migrating or seeding this database; waiting for it'),
    };
    const settled = await withStartupLock(
      db,
      async () => {
        const migrationsApplied = await applyMigrations(db.prisma, db.adapterFactory);
        if (migrationsApplied.length) logger.info({ migrations: migrationsApplied }, 'applied migrations');
        const sessionSecret =
          config.sessionSecret ??
          (await sharedSessionSecret(db.prisma, legacySessionSecret(config.dataDir) ?? newSessionSecret()));
        const fr = opts.skipFirstRun
          ? { demoSeeded: false }
          : await firstRun({ db, config, views, now: () => new Date() }, logger, {
              deferBriefings: opts.deferDemoBriefings,
            });
        return { migrationsApplied, sessionSecret, fr };
      },
      lockOpts,
    );
    if (!config.sessionSecret)
      logger.info('SESSION_SECRET is not set: using the session secret this database shares with all its processes');
    const { migrationsApplied } = settled;
    const deps: AppDeps = {
      config: { ...config, sessionSecret: settled.sessionSecret },
      db,
      logger,
      metrics: createMetrics(db.poolStats),
      views,
      loginLimiter: createLoginLimiter(db.prisma, { freeFailures: config.login.freeFailures }),
      editorialKey,
      now: () => new Date(),
    };
    const app = createApp(deps);
    return {
      deps,
      app,
      firstRun: settled.fr,
      finishFirstRun: () =>
        opts.skipFirstRun ? Promise.resolve() : withStartupLock(db, () => finishFirstRun(deps, logger), lockOpts),
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
