import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { jest } from '@jest/globals';
import { DB_KINDS } from '../support/testDb.js';
import { makeUser, signIn, startAppWithEditor, type Session, type TestApp, actorFor } from '../support/testApp.js';
import { exampleDraft, makeBriefing } from '../support/publishingFactory.js';
import { waitFor } from '../support/draftingFactory.js';
import { publishBriefing } from '../../server/commands/publishing/publishBriefing.js';
import { createWorkers } from '../../server/workers/index.js';
import type { Actor } from '../../server/policies/actor.js';

// A public address (Cloudflare's resolver). The sandbox below never lets a socket reach it.
const PUBLIC = { address: '1.1.1.1', family: 4 as const };
const LOOPBACK = { address: '127.0.0.1', family: 4 as const };

/**
 * DNS rebinding: a name that resolves to a public address when it is checked and to 127.0.0.1
 * when the connection is made. Outgoing fetches must connect to the address they vetted.
 */
describe.each(DB_KINDS)('feed and webhook fetches are not fooled by DNS rebinding (%s)', (kind) => {
  let t: TestApp;
  let editor: Session;
  let admin: Session;
  let internal: http.Server;
  let internalHits: string[];
  let handedToSockets: string[];
  let connectSpy: ReturnType<typeof jest.spyOn>;

  beforeAll(async () => {
    ({ t, editor } = await startAppWithEditor(kind));
    admin = await signIn(t, await makeUser(t, ['admin']));
    // The internal service the attacker wants to reach: it must never see a request.
    internalHits = [];
    internal = http.createServer((req, res) => {
      internalHits.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss version="2.0"><channel/></rss>');
    });
    await new Promise<void>((r) => internal.listen(0, '127.0.0.1', r));

    // Sandbox for sockets opened with a custom lookup (our fetchers; never the database or supertest):
    // record the address each is handed, and refuse any that is not loopback, so no packet leaves.
    // eslint-disable-next-line @typescript-eslint/unbound-method -- applied to its own socket below
    const original = net.Socket.prototype.connect;
    const sandboxed = new WeakSet<object>();
    connectSpy = jest.spyOn(net.Socket.prototype, 'connect').mockImplementation(function (
      this: net.Socket,
      ...args: unknown[]
    ) {
      // net.createConnection hands connect() its normalised [options, callback] pair.
      const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
      const opts = first as net.TcpNetConnectOpts | undefined;
      if (opts && typeof opts === 'object' && typeof opts.lookup === 'function' && !sandboxed.has(opts)) {
        const inner = opts.lookup;
        sandboxed.add(opts);
        opts.lookup = (host, o, cb) =>
          inner(host, o, (err, address, family) => {
            const list = Array.isArray(address) ? address.map((a) => a.address) : [address];
            handedToSockets.push(...list);
            if (!err && list.some((a) => a !== '127.0.0.1'))
              return cb(
                Object.assign(new Error('test sandbox: no outbound connections'), { code: 'ENETUNREACH' }),
                '',
                4,
              );
            (cb as (...a: unknown[]) => void)(err, address, family);
          });
      }
      return (original as (...a: unknown[]) => net.Socket).apply(this, args);
    });
  });
  afterAll(async () => {
    connectSpy.mockRestore();
    await new Promise((r) => internal.close(r));
    await t.close();
  });
  beforeEach(() => {
    internalHits = [];
    handedToSockets = [];
  });

  /** Public on the first question, loopback on every later one. */
  function rebindingResolver() {
    const asked: string[] = [];
    t.booted.deps.resolveHost = (host) => {
      asked.push(host);
      return Promise.resolve(asked.length === 1 ? [PUBLIC] : [LOOPBACK]);
    };
    return asked;
  }

  const port = () => (internal.address() as AddressInfo).port;

  test('subscribing to a feed on a rebinding name connects to the vetted public address, never to 127.0.0.1', async () => {
    const asked = rebindingResolver();
    const res = await editor.agent
      .post('/api/feeds')
      .set('X-CSRF-Token', editor.csrf)
      .send({ url: `http://feeds.rebind.example:${port()}/rss.xml` });
    // The fetch failed (the sandbox let it go nowhere) and says so; what matters is where it went.
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(asked.length).toBeGreaterThanOrEqual(1);
    expect(handedToSockets).toEqual([PUBLIC.address]);
    expect(internalHits).toEqual([]);
  });

  test('a webhook delivery to a rebinding name connects to the vetted public address, never to 127.0.0.1', async () => {
    await admin.agent
      .post('/api/webhooks')
      .set('X-CSRF-Token', admin.csrf)
      .send({ url: `http://hooks.rebind.example:${port()}/hook`, description: 'rebinding' })
      .expect(201);
    const e = editor.user;
    const actor: Actor = actorFor(e);
    const b = await makeBriefing(t.db.prisma, { content: exampleDraft({ slugSuggestion: `rebind-${kind}` }) });
    await publishBriefing(t.booted.deps, actor, { briefingId: b.briefingId });

    const asked = rebindingResolver();
    const deliveries = createWorkers(t.booted.deps).filter((w) => w.name === 'webhook-deliveries');
    expect(deliveries).toHaveLength(1);
    deliveries[0].start();
    try {
      // The claim counts the attempt before the request goes out, so wait for its outcome instead.
      const attempted = await waitFor(
        () =>
          t.db.prisma.webhookDelivery.findFirst({
            where: { attempts: { gte: 1 }, leaseOwner: null },
            select: { lastError: true },
          }),
        'the delivery attempt to finish',
      );
      expect(attempted.lastError).toMatch(/ENETUNREACH/);
    } finally {
      await deliveries[0].stop();
    }
    expect(asked).toEqual(['hooks.rebind.example']);
    expect(handedToSockets).toEqual([PUBLIC.address]);
    expect(internalHits).toEqual([]);
  });
});
