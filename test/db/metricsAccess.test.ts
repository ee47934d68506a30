import { generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import request from 'supertest';
import { DB_KINDS } from '../support/testDb.js';
import { startTestApp, type TestApp } from '../support/testApp.js';
import { createMetricsServer } from '../../server/http/metricsAccess.js';

/** /metrics maps every route and the process's state: it is served to scrapers, not to everyone. */
describe.each(DB_KINDS)('who may read /metrics (%s)', (kind) => {
  const apps: TestApp[] = [];
  const start = async (env: Record<string, string>) => {
    const t = await startTestApp(kind, env);
    apps.push(t);
    return t;
  };
  afterAll(() => Promise.all(apps.map((t) => t.close())));

  test('in production with neither METRICS_TOKEN nor METRICS_HOST, /metrics does not exist', async () => {
    // Production also wants the key that signs editorial records.
    const key = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const t = await start({ NODE_ENV: 'production', EDITORIAL_SIGNING_KEY: key });
    await request(t.app).get('/healthz').expect(200);
    const res = await request(t.app).get('/metrics').expect(404);
    expect(res.text).not.toMatch(/http_request_duration_seconds/);
  });

  test('with METRICS_TOKEN, only a scraper sending it as a Bearer token gets the metrics', async () => {
    const token = 'scrape-token-0123456789abcdef';
    const t = await start({ METRICS_TOKEN: token });
    const anonymous = await request(t.app).get('/metrics').expect(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer');
    expect(anonymous.text).not.toMatch(/http_request_duration_seconds/);
    await request(t.app).get('/metrics').set('Authorization', `Bearer ${token}x`).expect(401);
    await request(t.app).get('/metrics').set('Authorization', `Basic ${token}`).expect(401);
    const ok = await request(t.app).get('/metrics').set('Authorization', `Bearer ${token}`).expect(200);
    expect(ok.text).toMatch(
      /http_request_duration_seconds_bucket\{[^}]*route="\/healthz"|process_cpu_user_seconds_total/,
    );
  });

  test('with METRICS_HOST, the app hides /metrics and the separate listener serves them', async () => {
    const t = await start({ METRICS_HOST: '127.0.0.1', METRICS_PORT: '0' });
    await request(t.app).get('/healthz').expect(200);
    await request(t.app).get('/metrics').expect(404);
    const deps = t.booted.deps;
    const server: Server = createMetricsServer(deps.metrics, deps.config.metrics);
    await new Promise<void>((resolve) => server.listen(deps.config.metrics.port, deps.config.metrics.host, resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/healthz"[^}]*status="200"/);
      expect((await fetch(`http://127.0.0.1:${port}/api/users`)).status).toBe(404);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
