import fc from 'fast-check';
import type { Test } from 'supertest';
import { DB_KINDS } from '../support/testDb.js';
import { makeUser, signIn, startTestApp, type Session, type TestApp } from '../support/testApp.js';
import { makeReviewBriefing } from '../support/reviewFactory.js';

/**
 * Every operation of GET /api/openapi.json, called with hostile values in every path parameter, query
 * parameter and body field: no answer may be a 5xx, and an answer that is not a success may not have
 * changed a row. The operations are read from the document, so a new route is walked by being in it.
 */

const SEED = 16_2026;
const RUNS_PER_OPERATION = 14;
/** Tables a refused request may legitimately touch: session and token "last seen", login throttling, a read cache. */
const VOLATILE = new Set(['Session', 'ApiToken', 'RateLimiterFlexible', 'BriefingMeasure']);

type Schema = {
  type?: string;
  format?: string;
  enum?: unknown[];
  anyOf?: Schema[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
};
type Parameter = { name: string; in: 'path' | 'query'; required: boolean; schema: Schema };
type Operation = {
  method: string;
  path: string;
  parameters: Parameter[];
  body?: Schema;
};

/** What a person could type that the database cannot take, or that is absurd for the field. */
const hostileString = fc.oneof(
  fc.constantFrom(
    'a\u0000b',
    '\u0000',
    'a\ud800b',
    '\udc00',
    'x'.repeat(10_000),
    '',
    ' ',
    '%',
    '%C3%28',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    '\'; DROP TABLE "User"; --',
    '-1',
    '0',
    '1e400',
    '99999999999999999999',
    '-99999999999999999999',
    '2147483648',
    '-2147483649',
    '9223372036854775808',
    'NaN',
    'Infinity',
    '99999-01-01',
    '0000-00-00',
    '9999-12-31T23:59:59Z',
    '-271821-04-20T00:00:00Z',
    'true',
    'null',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
  ),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

const deep = (depth: number): unknown => {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

/** A body field: hostile strings, wrong types, huge values, deep nesting. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(
    'y'.repeat(1_000_000),
    2 ** 31,
    -(2 ** 31) - 1,
    2 ** 63,
    1e308,
    -1e308,
    0.5,
    -1,
    true,
    false,
    null,
    {},
    [],
    deep(200),
    Array.from({ length: 2000 }, () => 'x'),
  ),
  fc.anything({ maxDepth: 2, maxKeys: 3, withNullPrototype: false }),
);

/** Mostly valid values, so a request gets past one field and the next one is tried. */
function validish(s: Schema | undefined, ids: string[], depth = 0): fc.Arbitrary<unknown> {
  if (!s || depth > 6) return fc.string({ maxLength: 8 });
  if (s.enum) return fc.constantFrom(...s.enum);
  if (s.anyOf?.length) return fc.oneof(...s.anyOf.map((x) => validish(x, ids, depth + 1)));
  switch (s.type ?? '') {
    case 'string':
      if (s.format === 'uuid') return fc.constantFrom(...ids);
      if (s.format === 'email') return fc.constantFrom('walker@example.test', 'WALKER@Example.Test');
      if (s.format === 'date') return fc.constantFrom('2025-01-01', '1970-01-01', '9999-12-31');
      if (s.format === 'date-time') return fc.constantFrom('2025-01-01T00:00:00Z', '2999-12-31T23:59:59Z');
      if (s.format === 'uri') return fc.constantFrom('http://127.0.0.1:9/x', 'https://localhost/a');
      return fc.string({ minLength: 1, maxLength: 40 });
    case 'integer':
    case 'number':
      return fc.integer({ min: s.minimum ?? -1000, max: Math.min(s.maximum ?? 1000, 2 ** 31) });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(validish(s.items, ids, depth + 1), { maxLength: 3 });
    case 'object': {
      const props = s.properties ?? {};
      const req = new Set(s.required ?? []);
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) model[k] = field(v, ids, depth + 1);
      return fc.record(model, { requiredKeys: Object.keys(props).filter((k) => req.has(k)) });
    }
    default:
      return fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean());
  }
}

/** Each field: usually valid, sometimes hostile. */
function field(s: Schema | undefined, ids: string[], depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: validish(s, ids, depth), weight: 3 }, { arbitrary: hostileValue, weight: 1 });
}

/** Percent-encodes a string as its UTF-8 bytes; an unpaired surrogate becomes its (invalid) 3-byte form. */
function pct(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff)
      out +=
        `%${(0xe0 | (cp >> 12)).toString(16)}%${(0x80 | ((cp >> 6) & 0x3f)).toString(16)}%${(0x80 | (cp & 0x3f)).toString(16)}`.toUpperCase();
    else out += encodeURIComponent(ch);
  }
  return out;
}

type Mode = 'json' | 'garbage-gzip' | 'malformed-json' | 'deep-body' | 'bad-utf8-path' | 'bad-utf8-body';

interface Call {
  mode: Mode;
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
}

function callArbitrary(op: Operation, ids: string[]): fc.Arbitrary<Call> {
  const params: Record<string, fc.Arbitrary<unknown>> = {};
  const query: Record<string, fc.Arbitrary<unknown>> = {};
  for (const p of op.parameters) {
    const arb = fc.oneof(
      { arbitrary: validish(p.schema, ids), weight: 3 },
      { arbitrary: fc.oneof(hostileString, fc.constantFrom('y'.repeat(6000))), weight: 1 },
    );
    if (p.in === 'path') params[p.name] = arb;
    else query[p.name] = arb;
  }
  const modes: Mode[] = ['json', 'json', 'json', 'json', 'json', 'bad-utf8-path'];
  if (op.method !== 'get') modes.push('garbage-gzip', 'malformed-json', 'deep-body', 'bad-utf8-body');
  return fc.record({
    mode: fc.constantFrom(...modes),
    params: fc.record(params),
    query: fc.record(query, { requiredKeys: [] }),
    body: op.body
      ? fc.oneof({ arbitrary: field(op.body, ids), weight: 4 }, { arbitrary: hostileValue, weight: 1 })
      : fc.constant(undefined),
  });
}

function operationsOf(doc: {
  paths: Record<
    string,
    Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } }>
  >;
}): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(methods))
      ops.push({
        method,
        path,
        parameters: op.parameters ?? [],
        body: op.requestBody?.content['application/json']?.schema,
      });
  return ops;
}

describe.each(DB_KINDS)('every OpenAPI operation with hostile input (%s)', (kind) => {
  let t: TestApp;
  let admin: Session;
  let ids: string[];
  let fingerprintSql: string;

  beforeAll(async () => {
    t = await startTestApp(kind, { WORKERS: 'false' });
    admin = await signIn(t, await makeUser(t, ['admin', 'editor', 'reviewer']));
    // The walker's own id is left out of the pool: a walked PATCH /api/users/{id} could take its roles away.
    const other = await makeUser(t, ['reviewer']);
    const b = await makeReviewBriefing(t.db.prisma, { createdById: admin.user.id, secondRevision: true });
    ids = [
      b.briefingId,
      b.currentRevisionId,
      b.revisionId,
      b.sourceId,
      b.generationId,
      other.id,
      '6f1d4b8e-3c1a-4b9e-8f1e-2d3c4b5a6f70',
    ];
    const tables = await t.db.prisma.$queryRawUnsafe<{ name: string }[]>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`,
    );
    fingerprintSql = tables
      .map((r) => r.name)
      .filter((n) => !VOLATILE.has(n))
      .map(
        (n) =>
          `SELECT '${n}' AS t, count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM "${n}" x`,
      )
      .join(' UNION ALL ');
  });
  afterAll(() => t.close());

  const fingerprint = async () =>
    (await t.db.prisma.$queryRawUnsafe<{ t: string; n: number; h: string }[]>(fingerprintSql))
      .map((r) => `${r.t}:${r.n}:${r.h}`)
      .sort();

  function build(op: Operation, c: Call): Test {
    let path = op.path.replace(/\{([A-Za-z_]+)\}/g, (_, name: string) => {
      const v = c.params[name];
      return pct(typeof v === 'string' && v !== '' ? v : (JSON.stringify(v) ?? 'x'));
    });
    if (c.mode === 'bad-utf8-path') path = path.replace(/\/([^/]*)$/, '/%C3%28$1%ED%A0%80');
    const qs = Object.entries(c.query)
      .map(([k, v]) => `${pct(k)}=${pct(typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))}`)
      .join('&');
    const url = qs ? `${path}?${qs}` : path;
    const agent = admin.agent as unknown as Record<string, (u: string) => Test>;
    let req = agent[op.method](url).timeout(15_000);
    if (op.method !== 'get') req = req.set('X-CSRF-Token', admin.csrf);
    if (op.method === 'get') return req;
    req = req.set('Content-Type', 'application/json').serialize((b: unknown) => b as string);
    switch (c.mode) {
      case 'garbage-gzip':
        return req.set('Content-Encoding', 'gzip').send(Buffer.from('\x1f\x8b\x08 definitely not gzip') as never);
      case 'malformed-json':
        return req.send('{"a": [1, 2' as never);
      case 'deep-body':
        return req.send(('{"a":['.repeat(5000) + ']}'.repeat(5000)) as never);
      case 'bad-utf8-body':
        // Bytes C3 28 where a string's text begins: not UTF-8.
        return req.send(
          Buffer.from((JSON.stringify(c.body ?? { x: '' }) ?? '{}').replace('"', '"\u00c3('), 'latin1') as never,
        );
      case 'json':
      case 'bad-utf8-path':
        // JSON.stringify writes an unpaired surrogate as its \u escape, as a hostile client would.
        return req.send((c.body === undefined ? '' : JSON.stringify(c.body)) as never);
    }
  }

  test('no 5xx, and nothing changed by a refused request', async () => {
    const doc = (await admin.agent.get('/api/openapi.json').expect(200)).body;
    const ops = operationsOf(doc);
    expect(ops.length).toBeGreaterThan(80);
    const failures: string[] = [];
    let requests = 0;
    const statuses: Record<number, number> = {};
    const started = performance.now();
    let before = await fingerprint();
    for (const [i, op] of ops.entries()) {
      const calls = fc.sample(callArbitrary(op, ids), { seed: SEED + i, numRuns: RUNS_PER_OPERATION });
      for (const c of calls) {
        requests++;
        const label = `${op.method.toUpperCase()} ${op.path} ${JSON.stringify(c).slice(0, 300)}`;
        let res;
        try {
          res = await build(op, c);
        } catch (e) {
          failures.push(`${label} → no answer (${(e as Error).message})`);
          continue;
        }
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        // A walked logout or password change ends the session: sign in again and go on.
        if (res.status === 401) admin = await signIn(t, admin.user);
        if (res.status >= 500) failures.push(`${label} → ${res.status} ${res.text.slice(0, 200)}`);
        const after = await fingerprint();
        if (res.status >= 400 && res.status !== 401) {
          const changed = after.filter((row) => !before.includes(row)).map((r) => r.split(':')[0]);
          if (changed.length) failures.push(`${label} → ${res.status} but changed ${changed.join(', ')}`);
        }
        before = after;
      }
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    // The figures the report quotes: operations, requests, time, failures.
    console.log(
      `OpenAPI walk (${kind}): ${ops.length} operations, ${requests} requests, ${seconds} s, ${failures.length} failures; statuses ${JSON.stringify(statuses)}`,
    );
    expect(failures).toEqual([]);
  }, 300_000);
});
