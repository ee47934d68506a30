import type { Express } from 'express';
import { POLICY_MARK } from '../../server/http/pipeline.js';
import { startTestApp, type TestApp } from '../support/testApp.js';

interface Layer {
  route?: { path: string; methods: Record<string, boolean>; stack: { handle: Record<symbol, unknown> }[] };
  handle: { stack?: Layer[] } & Record<symbol, unknown>;
}

/** Every method+path the running app answers, with the policy the pipeline attached (if any). */
function registeredRoutes(app: Express): { method: string; path: string; policy?: string }[] {
  const out: { method: string; path: string; policy?: string }[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const policy = layer.route.stack.map((l) => l.handle[POLICY_MARK]).find(Boolean) as string | undefined;
        for (const method of Object.keys(layer.route.methods)) out.push({ method, path: layer.route.path, policy });
      } else if (layer.handle.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return out;
}

describe('authorization cannot be forgotten', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite');
  });
  afterAll(() => t.close());

  test('every registered route declares a policy', () => {
    const routes = registeredRoutes(t.app);
    expect(routes.length).toBeGreaterThan(20);
    const missing = routes.filter((r) => !r.policy).map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(missing).toEqual([]);
  });

  test("a route added behind the pipeline's back is caught", () => {
    t.app.get('/sneaky', (_req, res) => {
      res.send('no policy here');
    });
    const missing = registeredRoutes(t.app)
      .filter((r) => !r.policy)
      .map((r) => r.path);
    expect(missing).toContain('/sneaky');
  });
});
