import { DB_KINDS } from '../support/testDb.js';
import { makeUser, signIn, startTestApp, type TestApp } from '../support/testApp.js';
import { verifyAudit } from '../../server/audit/verifyAudit.js';
import { recordAudit } from '../../server/audit/recordAudit.js';
import { runCli } from '../../server/cli/main.js';
import { Writable } from 'node:stream';

function capture() {
  let text = '';
  const stream = new Writable({
    write(chunk, _e, cb) {
      text += String(chunk);
      cb();
    },
  });
  return { stream, text: () => text };
}

describe.each(DB_KINDS)('audit log (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t.close());

  test('state changes are recorded with actor, action, entity and a chained hash', async () => {
    const admin = await makeUser(t, ['admin']);
    const s = await signIn(t, admin);
    const created = await s.agent
      .post('/api/users')
      .set('X-CSRF-Token', s.csrf)
      .send({ email: 'audited@example.test', displayName: 'Audited', roles: ['editor'] })
      .expect(201);
    const events = await s.agent.get(`/api/audit?entityType=user&entityId=${created.body.id}`).expect(200);
    expect(events.body.events[0]).toMatchObject({
      action: 'user.created',
      actorId: admin.id,
      actor: admin.email,
      entityType: 'user',
      entityId: created.body.id,
    });
    const rows = await t.db.prisma.auditEvent.findMany({ orderBy: { id: 'asc' } });
    for (let i = 1; i < rows.length; i++) expect(rows[i].prevHash).toBe(rows[i - 1].hash);
    expect(await verifyAudit(t.db.prisma)).toEqual({ ok: true, checked: rows.length });
  });

  test('several events of one change are appended in order on one chain, interleaved with concurrent changes', async () => {
    const actor = {
      kind: 'session' as const,
      userId: (await makeUser(t, ['admin'])).id,
      email: 'a@example.test',
      displayName: 'A',
      roles: ['admin' as const],
      timezone: 'UTC',
    };
    const ev = (action: string) => ({ actor, action, entityType: 'test', entityId: null });
    await Promise.all([
      t.db.prisma.$transaction((tx) => recordAudit(tx, [ev('batch.one'), ev('batch.two'), ev('batch.three')])),
      t.db.prisma.$transaction((tx) => recordAudit(tx, ev('single.a'))),
      t.db.prisma.$transaction((tx) => recordAudit(tx, [ev('pair.one'), ev('pair.two')])),
    ]);
    const rows = await t.db.prisma.auditEvent.findMany({
      where: { entityType: 'test' },
      orderBy: { id: 'asc' },
      select: { action: true },
    });
    const order = rows.map((r) => r.action);
    // Each change's events stay together and in their order, whichever change went first.
    const batch = order.indexOf('batch.one');
    expect(order.slice(batch, batch + 3)).toEqual(['batch.one', 'batch.two', 'batch.three']);
    const pair = order.indexOf('pair.one');
    expect(order.slice(pair, pair + 2)).toEqual(['pair.one', 'pair.two']);
    const all = await t.db.prisma.auditEvent.count();
    expect(await verifyAudit(t.db.prisma)).toEqual({ ok: true, checked: all });
  });

  test('rows cannot be updated or deleted through SQL', async () => {
    await makeUser(t, ['editor']);
    await expect(t.db.prisma.$executeRawUnsafe(`UPDATE "AuditEvent" SET "action" = 'x'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db.prisma.$executeRawUnsafe(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/append-only/);
  });

  test('audit:verify reports OK, then the first tampered row after a privileged edit', async () => {
    for (let i = 0; i < 3; i++) await makeUser(t, ['reviewer']);
    const ok = await verifyAudit(t.db.prisma);
    expect(ok.ok).toBe(true);
    const rows = await t.db.prisma.auditEvent.findMany({ orderBy: { id: 'asc' }, select: { id: true } });
    const victim = rows[rows.length - 2].id;
    // An attacker with table-owner rights can lift the trigger; the chain still catches them.
    await t.db.prisma.$executeRawUnsafe(`ALTER TABLE "AuditEvent" DISABLE TRIGGER audit_event_append_only`);
    await t.db.prisma.$executeRawUnsafe(
      `UPDATE "AuditEvent" SET data = '{"email":"innocent@example.test"}' WHERE id = ${victim}`,
    );
    await t.db.prisma.$executeRawUnsafe(`ALTER TABLE "AuditEvent" ENABLE TRIGGER audit_event_append_only`);
    const bad = await verifyAudit(t.db.prisma);
    expect(bad).toMatchObject({ ok: false, firstBadId: String(victim) });
    expect((bad as { reason: string }).reason).toMatch(/content does not match/);
  });

  test('a deleted row is reported at the row after the gap', async () => {
    const fresh = await startTestApp(kind);
    try {
      for (let i = 0; i < 4; i++) await makeUser(fresh, ['reviewer']);
      const rows = await fresh.db.prisma.auditEvent.findMany({ orderBy: { id: 'asc' }, select: { id: true } });
      await fresh.db.prisma.$executeRawUnsafe(`ALTER TABLE "AuditEvent" DISABLE TRIGGER audit_event_append_only`);
      await fresh.db.prisma.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE id = ${rows[1].id}`);
      await fresh.db.prisma.$executeRawUnsafe(`ALTER TABLE "AuditEvent" ENABLE TRIGGER audit_event_append_only`);
      const verdict = await verifyAudit(fresh.db.prisma);
      expect(verdict).toMatchObject({ ok: false, firstBadId: String(rows[2].id) });
      expect((verdict as { reason: string }).reason).toMatch(/link to the previous event is broken/);
    } finally {
      await fresh.close();
    }
  });

  if (kind === 'postgres') {
    test('npm run cli -- audit:verify prints OK or TAMPERED with the row', async () => {
      const out = capture();
      const env = { NODE_ENV: 'test', DATABASE_URL: t.db.url, SESSION_SECRET: 'x'.repeat(40), LOG_LEVEL: 'silent' };
      const code = await runCli(['audit:verify'], env, { out: out.stream, err: out.stream });
      expect(code).toBe(1);
      expect(out.text()).toMatch(/^TAMPERED: audit event #\d+/);
    });
  }
});
