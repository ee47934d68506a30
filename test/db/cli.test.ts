import { Writable } from 'node:stream';
import { runCli } from '../../server/cli/main.js';
import { createTestDatabase, type TestDatabase, describeOnPostgres } from '../support/testDb.js';
import { verifyPassword } from '../../server/auth/password.js';

function sink() {
  let text = '';
  return {
    stream: new Writable({
      write(c, _e, cb) {
        text += String(c);
        cb();
      },
    }),
    text: () => text,
  };
}

// The CLI opens its own connection from DATABASE_URL, so this runs against the PostgreSQL server.
describeOnPostgres('npm run cli -- user:add', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    env = { NODE_ENV: 'test', DATABASE_URL: db.url!, SESSION_SECRET: 's'.repeat(40), LOG_LEVEL: 'silent' };
  });
  afterAll(() => db.dropAndClose());

  test('creates a user with several roles and a generated password printed once', async () => {
    const out = sink();
    const code = await runCli(
      ['user:add', '--email', 'Tom@Example.test', '--name', 'Tom Sullivan', '--roles', 'editor,reviewer'],
      env,
      { out: out.stream, err: out.stream },
    );
    expect(code).toBe(0);
    const printed = JSON.parse(out.text());
    expect(printed).toMatchObject({
      email: 'tom@example.test',
      displayName: 'Tom Sullivan',
      roles: ['editor', 'reviewer'],
    });
    const row = await db.prisma.user.findUniqueOrThrow({ where: { email: 'tom@example.test' } });
    expect(await verifyPassword(printed.password, row.passwordHash)).toBe(true);
  });

  test('bad arguments name the option at fault and create nothing', async () => {
    const out = sink();
    const code = await runCli(
      ['user:add', '--email', 'x@example.test', '--name', 'X', '--roles', 'editor,wizard'],
      env,
      { out: out.stream, err: out.stream },
    );
    expect(code).toBe(2);
    expect(out.text()).toContain('--roles.1');
    expect(await db.prisma.user.findUnique({ where: { email: 'x@example.test' } })).toBeNull();
  });

  test('an unknown command prints usage and fails', async () => {
    const out = sink();
    expect(await runCli(['frobnicate'], env, { out: out.stream, err: out.stream })).toBe(2);
    expect(out.text()).toContain('Unknown command: frobnicate');
    expect(out.text()).toContain('user:add');
  });
});
