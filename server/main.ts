import { boot, closeServer } from './boot.js';
import { ConfigError, loadConfig } from './env.js';
import { NewerDatabaseError } from './db/migrate.js';
import { StartupLockTimeoutError } from './db/startupLock.js';
import { DatabaseUnreachableError } from './db/waitForDatabase.js';
import { DEMO_USERS } from './seed/demoUsers.js';
import { createWorkers } from './workers/index.js';
import { createMetricsServer } from './http/metricsAccess.js';
import { EditorialKeyError } from './publishing/record/editorialKey.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  // The demo's briefings are written once the app listens: the first start answers as soon as before.
  const booted = await boot(config, { deferDemoBriefings: true });
  const { deps, app } = booted;
  const server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  // Metrics on their own address (a private interface, a scrape-only port): the app's listener hides them.
  const metricsServer = config.metrics.host ? createMetricsServer(deps.metrics, config.metrics) : undefined;
  if (metricsServer) {
    metricsServer.listen(config.metrics.port, config.metrics.host);
    await new Promise<void>((resolve, reject) => {
      metricsServer.once('listening', resolve);
      metricsServer.once('error', reject);
    });
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  const lines = [
    `Briefing Desk is running at ${base}/  (database: ${deps.db.kind}${deps.db.kind === 'pglite' ? `, data in ${config.database.kind === 'pglite' ? config.database.dataDir : ''}` : ''})`,
  ];
  if (booted.firstRun.demoSeeded || config.seedDemo) {
    lines.push('Demo logins:');
    for (const u of DEMO_USERS)
      lines.push(`  ${u.roles.join(',').padEnd(9)} ${u.email.padEnd(22)} password: ${u.password}   (${u.displayName})`);
  }
  if (booted.firstRun.setupToken)
    lines.push(
      `No users yet. Create the administrator at ${base}/setup/${booted.firstRun.setupToken} (valid 24 h, once).`,
    );
  if (!config.llm.apiKey && !config.llm.baseURL)
    lines.push('No LLM configured (OPENAI_API_KEY / OPENAI_BASE_URL): drafts come from the built-in offline drafter.');
  if (metricsServer) {
    const m = metricsServer.address();
    lines.push(
      `Metrics at http://${config.metrics.host}:${typeof m === 'object' && m ? m.port : config.metrics.port}/metrics`,
    );
  }
  console.log(lines.join('\n'));

  let workers: ReturnType<typeof createWorkers> = [];
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    deps.logger.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
    await Promise.all([closeServer(server), metricsServer ? closeServer(metricsServer, 1_000) : undefined]);
    await Promise.all(workers.map((w) => w.stop()));
    await booted.stop();
    deps.logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  // Before the workers: the demo's history runs its own generations and must not race them. A failure
  // (or a stop half-way) leaves a working app; the next start finishes the demo.
  await booted.finishFirstRun().catch((err: unknown) => {
    if (!stopping) deps.logger.error({ err }, 'could not finish the demo data; the next start tries again');
  });
  if (stopping) return;
  workers = config.runWorkers ? createWorkers(deps) : [];
  for (const w of workers) w.start();
}

main().catch((err) => {
  if (err instanceof EditorialKeyError) {
    console.error(`Invalid configuration: ${err.message}`);
    process.exit(78); // EX_CONFIG, like any other configuration problem
  }
  if (err instanceof NewerDatabaseError) {
    console.error(err.message);
    process.exit(75);
  }
  if (err instanceof DatabaseUnreachableError || err instanceof StartupLockTimeoutError) {
    console.error(err.message);
    process.exit(69); // EX_UNAVAILABLE: a supervisor may start it again
  }
  console.error(err);
  process.exit(1);
});
