import request from 'supertest';
import { startTestApp, type TestApp } from '../support/testApp.js';
import { allRoutes } from '../../server/routes/index.js';

describe('OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite');
  });
  afterAll(() => t.close());

  test('lists every API route with its policy, parameters and request schema', async () => {
    const doc = (await request(t.app).get('/api/openapi.json').expect(200)).body;
    expect(doc.openapi).toMatch(/^3\./);
    const apiRoutes = allRoutes().filter((r) => r.kind === 'api');
    for (const r of apiRoutes) {
      const op = doc.paths[r.path.replace(/:([A-Za-z_]+)/g, '{$1}')]?.[r.method];
      expect({ route: `${r.method} ${r.path}`, documented: Boolean(op) }).toEqual({
        route: `${r.method} ${r.path}`,
        documented: true,
      });
      expect(op['x-policy']).toBe(r.policy.name);
    }
    const createUser = doc.paths['/api/users'].post;
    expect(createUser.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['email', 'displayName', 'roles']),
    );
    expect(doc.paths['/api/users/{id}'].get.parameters[0]).toMatchObject({ name: 'id', in: 'path', required: true });
  });

  test('says which responses are not JSON, and what they are', async () => {
    const doc = (await request(t.app).get('/api/openapi.json').expect(200)).body;
    const ok = (path: string) => Object.keys(doc.paths[path].get.responses['200'].content ?? {});
    expect(ok('/api/insights/export')).toEqual(['text/csv']);
    expect(ok('/api/generations/{id}/raw-output')).toEqual(['text/plain']);
    expect(ok('/healthz')).toEqual(['application/json']);
  });
});
