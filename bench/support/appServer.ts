// The real app in its own process for benchmarks: boots on the database given in the
// environment, creates a signed-in user, and reports its port and session cookie.
import { boot } from '../../server/boot.js';
import { loadConfig } from '../../server/env.js';
import { createLogger } from '../../server/logging/logger.js';
import { createUser } from '../../server/commands/users/createUser.js';
import { createSession } from '../../server/auth/sessions.js';
import { SESSION_COOKIE } from '../../server/auth/sessions.js';

const config = loadConfig({ ...process.env, SEED_DEMO: 'false', LOG_LEVEL: 'silent' });
const booted = await boot(config, { logger: createLogger('silent'), skipFirstRun: true });
const prisma = booted.deps.db.prisma;
const email = `bench-${Date.now()}@example.test`;
const user = await createUser(prisma, null, {
  email,
  displayName: 'Bench User',
  roles: ['editor', 'reviewer'],
  password: 'bench-password-123',
});
const session = await createSession(prisma, user.id, config.session, { ip: '127.0.0.1' });
const server = booted.app.listen(0, '127.0.0.1', () => {
  const a = server.address();
  process.stdout.write(
    JSON.stringify({
      port: typeof a === 'object' && a ? a.port : 0,
      cookie: `${SESSION_COOKIE}=${session.token}`,
      userId: user.id,
    }) + '\n',
  );
});
process.on('SIGTERM', () => {
  server.close();
  void booted.stop().then(() => process.exit(0));
});
