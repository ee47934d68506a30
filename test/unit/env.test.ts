import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../server/env.js';

describe('configuration', () => {
  test('no environment at all: embedded database in ./data; the session secret is left to the database', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bd-env-'));
    const a = loadConfig({ DATA_DIR: dir });
    expect(a.database).toEqual({ kind: 'pglite', dataDir: path.join(dir, 'pglite') });
    // Boot takes the secret all processes on the database share (server/auth/sessionSecret.ts);
    // a per-folder file would give each replica its own and they would refuse each other's forms.
    expect(a.sessionSecret).toBeUndefined();
    expect(existsSync(path.join(dir, 'session-secret'))).toBe(false);
    expect(a.llm.apiKey).toBeUndefined();
    expect(a.seedDemo).toBe(true);
  });

  test('leases: 10 s renewed every 3 s by default; a heartbeat that would let one late beat lose the lease is refused', () => {
    expect(loadConfig({}).leases).toEqual({ leaseMs: 10_000, heartbeatMs: 3_000 });
    expect(loadConfig({ WORKER_LEASE_SECONDS: '4', WORKER_HEARTBEAT_SECONDS: '1' }).leases).toEqual({
      leaseMs: 4_000,
      heartbeatMs: 1_000,
    });
    expect(() => loadConfig({ WORKER_LEASE_SECONDS: '6', WORKER_HEARTBEAT_SECONDS: '3' })).toThrow(
      /WORKER_HEARTBEAT_SECONDS: must be less than half of WORKER_LEASE_SECONDS/,
    );
  });

  test("LLM output: the bound is the templates' unless set; stored output is capped", () => {
    expect(loadConfig({}).llm).toMatchObject({ maxOutputTokens: undefined, storedOutputChars: 65_536 });
    expect(loadConfig({ LLM_MAX_OUTPUT_TOKENS: '12000', LLM_STORED_OUTPUT_CHARS: '8192' }).llm).toMatchObject({
      maxOutputTokens: 12_000,
      storedOutputChars: 8_192,
    });
    expect(() => loadConfig({ LLM_MAX_OUTPUT_TOKENS: '10' })).toThrow(/LLM_MAX_OUTPUT_TOKENS/);
  });

  test('Azure OpenAI: endpoint, deployment and API version reach the LLM settings', () => {
    const c = loadConfig({
      SESSION_SECRET: 'y'.repeat(40),
      OPENAI_API_KEY: 'k',
      OPENAI_BASE_URL: 'https://res.openai.azure.com',
      OPENAI_MODEL: 'briefs-4o',
      OPENAI_API_VERSION: '2024-10-21',
    });
    expect(c.llm).toMatchObject({
      baseURL: 'https://res.openai.azure.com',
      model: 'briefs-4o',
      apiVersion: '2024-10-21',
    });
  });

  test('DATABASE_URL selects PostgreSQL', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@db.example:5432/app', SESSION_SECRET: 'y'.repeat(40) });
    expect(c.database).toMatchObject({ kind: 'postgres', url: 'postgres://u@db.example:5432/app' });
  });

  test('database timeouts, start-up wait and readiness deadline: defaults, overrides, bad values refused', () => {
    const base = { DATABASE_URL: 'postgres://u@db.example:5432/app', SESSION_SECRET: 'y'.repeat(40) };
    const d = loadConfig(base);
    expect(d.database).toMatchObject({ connectTimeoutMs: 5_000, statementTimeoutMs: 15_000 });
    expect(d.databaseStartupWaitMs).toBe(60_000);
    expect(d.readinessTimeoutMs).toBe(2_000);
    const c = loadConfig({
      ...base,
      DATABASE_CONNECT_TIMEOUT_MS: '800',
      DATABASE_STATEMENT_TIMEOUT_MS: '0',
      DATABASE_STARTUP_WAIT_SECONDS: '300',
      READINESS_TIMEOUT_MS: '750',
    });
    expect(c.database).toMatchObject({ connectTimeoutMs: 800, statementTimeoutMs: 0 });
    expect(c.databaseStartupWaitMs).toBe(300_000);
    expect(c.readinessTimeoutMs).toBe(750);
    expect(() => loadConfig({ ...base, DATABASE_CONNECT_TIMEOUT_MS: '0', READINESS_TIMEOUT_MS: 'soon' })).toThrow(
      /DATABASE_CONNECT_TIMEOUT_MS[\s\S]*READINESS_TIMEOUT_MS/,
    );
  });

  test('every bad value is reported at once, in one readable list', () => {
    let err: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        LOG_LEVEL: 'loud',
        OPENAI_BASE_URL: 'not a url',
        ADMIN_EMAIL: 'nope',
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    for (const key of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'OPENAI_BASE_URL', 'ADMIN_EMAIL'])
      expect(problems).toContain(key);
    expect((err as ConfigError).message.split('\n')[0]).toBe('Invalid configuration:');
  });

  test('production requires SESSION_SECRET and EDITORIAL_SIGNING_KEY and turns demo seeding off', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /SESSION_SECRET: is required when NODE_ENV=production/,
    );
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'z'.repeat(48) })).toThrow(
      /EDITORIAL_SIGNING_KEY: is required when NODE_ENV=production/,
    );
    const c = loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: 'z'.repeat(48),
      EDITORIAL_SIGNING_KEY: '/etc/briefing-desk/editorial-key.pem',
    });
    expect(c.seedDemo).toBe(false);
    expect(c.editorialSigningKey).toBe('/etc/briefing-desk/editorial-key.pem');
  });

  test('a short SESSION_SECRET or ADMIN_PASSWORD is refused', () => {
    expect(() => loadConfig({ SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET: must be at least 32 characters/);
    expect(() =>
      loadConfig({ ADMIN_EMAIL: 'a@b.co', ADMIN_PASSWORD: 'short', SESSION_SECRET: 'z'.repeat(40) }),
    ).toThrow(/ADMIN_PASSWORD/);
  });

  test('TRUST_PROXY accepts booleans, hop counts and address lists', () => {
    const base = { SESSION_SECRET: 'z'.repeat(40) };
    expect(loadConfig({ ...base, TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ ...base, TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ ...base, TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
  });
});
