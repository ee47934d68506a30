import request from 'supertest';
import { DB_KINDS } from '../support/testDb.js';
import { makeUser, startTestApp, type TestApp, type TestUser } from '../support/testApp.js';

/** Sign-in throttling: a stranger guessing at an account slows only themselves down. */
describe.each(DB_KINDS)('sign-in throttling (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    // Behind a trusted proxy, so each test can speak from the client address it needs.
    t = await startTestApp(kind, { TRUST_PROXY: 'loopback' });
  });
  afterAll(() => t.close());

  let n = 0;
  const attackerAddress = () => `203.0.113.${++n}`;
  const login = (from: string, email: string, password: string, cookie?: string) => {
    const r = request(t.app).post('/api/auth/login').set('X-Forwarded-For', from);
    if (cookie) r.set('Cookie', cookie);
    return r.send({ email, password });
  };
  const guess = async (from: string, u: TestUser, times: number) => {
    for (let i = 0; i < times; i++) await login(from, u.email, `wrong-guess-${i}-xx`).expect(401);
  };
  const cookieNamed = (res: request.Response, name: string) =>
    ([] as string[])
      .concat(res.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith(`${name}=`))
      ?.split(';')[0];

  test('five wrong passwords from one address slow that address down; the owner signing in from elsewhere gets in at once', async () => {
    const admin = await makeUser(t, ['admin']);
    const attacker = attackerAddress();
    await guess(attacker, admin, 5);
    const slowed = await login(attacker, admin.email, admin.password).expect(429);
    expect(slowed.body.code).toBe('rate_limited');
    // A short wait, not a quarter-hour lock-out.
    expect(Number(slowed.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(slowed.headers['retry-after'])).toBeLessThanOrEqual(2);
    await login('198.51.100.20', admin.email, admin.password).expect(200);
    // ...and the owner's success does not reset what the stranger earned.
    await login(attacker, admin.email, admin.password).expect(429);
  });

  test('each further failure from the same address waits twice as long as the one before', async () => {
    const u = await makeUser(t, ['editor']);
    const attacker = attackerAddress();
    await guess(attacker, u, 5);
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await login(attacker, u.email, 'another-wrong-guess').expect(429);
      waits.push(Number(res.headers['retry-after']));
      // Time passes: the wait ends (its row expires) without the test sleeping.
      await t.db.prisma.rateLimiterFlexible.deleteMany({ where: { key: { startsWith: 'login_wait:' + u.email } } });
      await login(attacker, u.email, 'another-wrong-guess').expect(401);
    }
    expect(waits).toEqual([2, 4, 8]);
  });

  test('a browser that signed in before (its device cookie) gets in past the throttle, even from the attacker’s own address', async () => {
    const owner = await makeUser(t, ['reviewer']);
    const shared = attackerAddress(); // one office NAT: the owner and the guesser share it
    const first = await login(shared, owner.email, owner.password).expect(200);
    const device = cookieNamed(first, 'bd_device');
    expect(device).toBeDefined();
    expect(([] as string[]).concat(first.headers['set-cookie']).join('\n')).toMatch(/bd_device=[^;]+;.*HttpOnly/);

    await guess(shared, owner, 5);
    await login(shared, owner.email, owner.password).expect(429);
    // The cookie is signed: a tampered one is no pass.
    const [payload, mac] = device!.split('.');
    const forged = `${payload}.${mac.slice(0, -4)}${mac.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    await login(shared, owner.email, owner.password, forged).expect(429);
    await login(shared, owner.email, owner.password, device).expect(200);

    // ...and bound to its account: it is no pass for another one.
    const other = await makeUser(t, ['reviewer']);
    await guess(shared, other, 5);
    await login(shared, other.email, other.password, device).expect(429);
  });

  test('a known device that keeps failing loses its pass', async () => {
    const owner = await makeUser(t, ['editor']);
    const from = attackerAddress();
    const device = cookieNamed(await login(from, owner.email, owner.password).expect(200), 'bd_device');
    for (let i = 0; i < 5; i++) await login(from, owner.email, `stolen-cookie-guess-${i}`, device).expect(401);
    await login(from, owner.email, owner.password, device).expect(429);
  });

  test('a browser with a live session for the account signs in again past the throttle', async () => {
    const owner = await makeUser(t, ['editor']);
    const from = attackerAddress();
    const first = await login(from, owner.email, owner.password).expect(200);
    const session = cookieNamed(first, 'bd_session')!;
    await guess(from, owner, 5);
    await login(from, owner.email, owner.password).expect(429);
    await request(t.app)
      .post('/api/auth/login')
      .set('X-Forwarded-For', from)
      .set('Cookie', session)
      .set('X-CSRF-Token', first.body.csrfToken)
      .send({ email: owner.email, password: owner.password })
      .expect(200);
  });
});
