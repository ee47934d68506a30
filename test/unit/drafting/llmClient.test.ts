import { jest } from '@jest/globals';
import { zodResponseFormat } from 'openai/helpers/zod';
import { makeDraftSchema, type Draft } from '../../../server/drafting/draftSchema.js';
import { createLlmClient, type LlmClientConfig } from '../../../server/drafting/llm/createLlmClient.js';
import { LlmError } from '../../../server/drafting/llm/errors.js';
import { behave, startFakeOpenAI, type FakeOpenAI } from '../../support/fakeOpenAI.js';
import { schemaContext, validDraft } from './sampleSources.js';

const schema = makeDraftSchema(schemaContext);
const messages = [
  { role: 'system' as const, content: 'You draft briefings.' },
  { role: 'user' as const, content: 'Draft one.' },
];

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI({ chunking: 'token' });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  fake.script([behave.json(validDraft)]);
});

function client(over: Partial<LlmClientConfig> = {}) {
  return createLlmClient({
    apiKey: 'sk-test',
    baseURL: fake.url,
    model: 'gpt-test',
    // Far above any stall of a loaded test process: only the tests about timeouts set their own.
    timeoutMs: 60_000,
    maxRetries: 2,
    concurrency: 4,
    retry: { baseDelayMs: 10, maxDelayMs: 40 },
    ...over,
  });
}

async function failure(p: Promise<unknown>): Promise<LlmError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof LlmError) return e;
    throw e;
  }
  throw new Error('expected an LlmError');
}

const chatRequests = () => fake.requests.filter((r) => r.path.endsWith('/chat/completions'));

/** Turns of the event loop (real I/O included) until `done` holds; setImmediate, as setTimeout may be faked. */
async function until(done: () => boolean, what: string): Promise<void> {
  const giveUpAt = Date.now() + 15_000;
  while (!done()) {
    if (Date.now() > giveUpAt) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

/**
 * The client's timeout is a setTimeout: with only that faked, the test decides when it falls due, so
 * a stalled test process can neither let it fire before the streamed chunks are read nor after.
 */
function fakeTimeoutTimers() {
  jest.useFakeTimers({
    doNotFake: [
      'Date',
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
    ],
  });
}
afterEach(() => jest.useRealTimers());

describe('LLM client against the fake OpenAI server', () => {
  test('valid output: streamed, validated, usage and cost recorded', async () => {
    fake.script([
      behave.json(validDraft, { usage: { promptTokens: 2000, completionTokens: 300, cachedTokens: 1024 } }),
    ]);
    const deltas: string[] = [];
    const c = client({ prices: { 'gpt-test': { inputPerMTok: 2.5, cachedInputPerMTok: 1.25, outputPerMTok: 10 } } });
    const res = await c.generateDraft({ messages, schema, onDelta: (t) => deltas.push(t) });

    expect(res.output).toEqual(validDraft);
    expect(res.raw).toBe(JSON.stringify(validDraft));
    expect(deltas.length).toBeGreaterThan(10);
    for (let i = 1; i < deltas.length; i++) expect(deltas[i].startsWith(deltas[i - 1])).toBe(true);
    expect(deltas.at(-1)).toBe(res.raw);

    expect(res.stats.usage).toEqual({
      promptTokens: 2000,
      completionTokens: 300,
      cachedTokens: 1024,
      totalTokens: 2300,
    });
    // (976 × 2.5 + 1024 × 1.25 + 300 × 10) / 1e6
    expect(res.stats.costUsd).toBeCloseTo(0.00672, 6);
    expect(res.stats.requests).toBe(1);
    expect(res.stats.repaired).toBe(false);
    expect(res.stats.timeToFirstTokenMs).not.toBeNull();
    expect(res.stats.latencyMs).toBeGreaterThanOrEqual(0);
    expect(res.stats.responseModel).toBe('gpt-test');

    const body = chatRequests()[0].body;
    expect(body.stream).toBe(true);
    expect(body.stream_options).toEqual({ include_usage: true });
    expect(body.response_format).toEqual(JSON.parse(JSON.stringify(zodResponseFormat(schema, 'briefing_draft'))));
    expect(body.response_format.json_schema.strict).toBe(true);
    expect(body.response_format.json_schema.schema.properties.claims.items.properties.sourceId.enum).toEqual(
      schemaContext.sourceIds,
    );
    expect(chatRequests()[0].headers.authorization).toBe('Bearer sk-test');
  });

  test('unknown price: cost is null, tokens still recorded', async () => {
    const res = await client().generateDraft({ messages, schema });
    expect(res.stats.costUsd).toBeNull();
    expect(res.stats.usage.promptTokens).toBeGreaterThan(0);
  });

  test('invalid JSON, then valid: one repair round succeeds', async () => {
    fake.script([behave.text('{"title": "China', {}), behave.json(validDraft)]);
    const res = await client().generateDraft({ messages, schema });
    expect(res.output).toEqual(validDraft);
    expect(res.stats.repaired).toBe(true);
    expect(res.stats.requests).toBe(2);
    const repair = chatRequests()[1].body.messages;
    expect(repair.slice(0, 2)).toEqual(messages);
    expect(repair[2]).toEqual({ role: 'assistant', content: '{"title": "China' });
    expect(repair[3].role).toBe('user');
    expect(repair[3].content).toMatch(/not valid JSON/);
    // Both rounds' tokens count.
    expect(res.stats.usage.completionTokens).toBeGreaterThan(3);
  });

  test('schema violation, then valid: the zod problems are sent back', async () => {
    const bad = {
      ...validDraft,
      claims: [{ ...validDraft.claims[0], sourceId: 'src_invented' }],
      ourTake: ['only one'],
    };
    fake.script([behave.json(bad), behave.json(validDraft)]);
    const res = await client().generateDraft({ messages, schema });
    expect(res.output).toEqual(validDraft);
    const feedback = chatRequests()[1].body.messages[3].content as string;
    expect(feedback).toMatch(/claims\.0\.sourceId/);
    expect(feedback).toMatch(/ourTake/);
  });

  test('invalid twice: fails as invalid_output and keeps the raw output', async () => {
    fake.script([behave.text('not json at all'), behave.json({ title: 'still wrong' })]);
    const err = await failure(client().generateDraft({ messages, schema }));
    expect(err.code).toBe('llm_invalid_output');
    expect(err.raw).toBe('{"title":"still wrong"}');
    expect(err.stats?.requests).toBe(2);
    expect(err.stats?.repaired).toBe(true);
    expect(chatRequests()).toHaveLength(2);
  });

  test('refusal: distinct failure, no repair round', async () => {
    fake.script([behave.refusal("I can't help with that request.")]);
    const err = await failure(client().generateDraft({ messages, schema }));
    expect(err.code).toBe('llm_refusal');
    expect(err.detail).toMatch(/can't help/);
    expect(chatRequests()).toHaveLength(1);
  });

  test('finish_reason=length: distinct failure keeping the partial output', async () => {
    fake.script([behave.length('{"title": "China\'s first streamlined')]);
    const err = await failure(client().generateDraft({ messages, schema }));
    expect(err.code).toBe('llm_length');
    expect(err.raw).toBe('{"title": "China\'s first streamlined');
    expect(chatRequests()).toHaveLength(1);
  });

  test('429 with Retry-After: waits as told, then succeeds', async () => {
    fake.script([behave.rateLimited(1), behave.json(validDraft)]);
    const res = await client().generateDraft({ messages, schema });
    expect(res.output).toEqual(validDraft);
    const [a, b] = chatRequests();
    expect(b.receivedAt - a.receivedAt).toBeGreaterThanOrEqual(950);
  });

  test('429 on every attempt: bounded retries, then rate_limited', async () => {
    fake.script([behave.rateLimited(0)]);
    const err = await failure(client({ maxRetries: 2 }).generateDraft({ messages, schema }));
    expect(err.code).toBe('llm_rate_limited');
    expect(err.httpStatus).toBe(429);
    expect(chatRequests()).toHaveLength(3);
  });

  test('429 asking for a wait beyond the cap: fails at once with retryAfterSeconds', async () => {
    fake.script([behave.rateLimited(3600)]);
    const started = Date.now();
    const err = await failure(client({ retry: { maxRetryAfterMs: 60_000 } }).generateDraft({ messages, schema }));
    expect(err.code).toBe('llm_rate_limited');
    expect(err.retryAfterSeconds).toBe(3600);
    // A client that waited at all would wait at least the 60 s cap; half of it is beyond any stall.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(chatRequests()).toHaveLength(1);
  }, 90_000);

  test('500 then success: retried with backoff', async () => {
    fake.script([behave.serverError(500), behave.serverError(503), behave.json(validDraft)]);
    const res = await client({ maxRetries: 3 }).generateDraft({ messages, schema });
    expect(res.output).toEqual(validDraft);
    expect(res.stats.requests).toBe(3);
  });

  test('500s on every attempt: bounded retries, then upstream_error', async () => {
    fake.script([behave.serverError(500)]);
    const err = await failure(client({ maxRetries: 2 }).generateDraft({ messages, schema }));
    expect(err.code).toBe('llm_upstream_error');
    expect(err.httpStatus).toBe(500);
    expect(chatRequests()).toHaveLength(3);
  });

  test('a server that hangs: timeout', async () => {
    fake.script([behave.hang()]);
    fakeTimeoutTimers();
    const pending = failure(client({ timeoutMs: 300 }).generateDraft({ messages, schema }));
    // The timer is armed before the request leaves; once the server has it, 300 ms must be enough.
    await until(() => chatRequests().length === 1, 'the request');
    jest.advanceTimersByTime(300);
    const err = await pending;
    expect(err.code).toBe('llm_timeout');
    expect(chatRequests()).toHaveLength(1);
  });

  test('a stream that stalls after some tokens: timeout keeps the partial text', async () => {
    fake.script([{ kind: 'hang', content: '{"title": "China has issued', afterChunks: 3 }]);
    fakeTimeoutTimers();
    let streamed = '';
    const pending = failure(
      client({ timeoutMs: 300 }).generateDraft({ messages, schema, onDelta: (text) => (streamed = text) }),
    );
    await until(() => streamed === '{"title": "China has', 'the three chunks');
    jest.advanceTimersByTime(300);
    const err = await pending;
    expect(err.code).toBe('llm_timeout');
    expect(err.raw).toBe('{"title": "China has');
  });

  test('cancelled by the caller: aborted', async () => {
    fake.script([behave.hang()]);
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 100);
    const err = await failure(client().generateDraft({ messages, schema, signal: ctl.signal }));
    expect(err.code).toBe('llm_aborted');
  });

  test('stream cut mid-way: stream_interrupted keeps the partial text', async () => {
    fake.script([behave.cut(JSON.stringify(validDraft), 5)]);
    const deltas: string[] = [];
    const err = await failure(client().generateDraft({ messages, schema, onDelta: (t) => deltas.push(t) }));
    expect(err.code).toBe('llm_stream_interrupted');
    expect(err.raw).toBeTruthy();
    expect(JSON.stringify(validDraft).startsWith(err.raw!)).toBe(true);
    expect(deltas.at(-1)).toBe(err.raw);
    expect(chatRequests()).toHaveLength(1);
  });

  test('unknown model: 404 model_not_found, not retried', async () => {
    const strict = await startFakeOpenAI({ models: ['gpt-test'] });
    try {
      const c = createLlmClient({ baseURL: strict.url, model: 'gpt-nonexistent', maxRetries: 3 });
      const err = await failure(c.generateDraft({ messages, schema }));
      expect(err.code).toBe('llm_unknown_model');
      expect(err.detail).toMatch(/gpt-nonexistent/);
      expect(strict.requests).toHaveLength(1);
    } finally {
      await strict.close();
    }
  });

  test('a server that is down: unreachable after bounded retries', async () => {
    const gone = await startFakeOpenAI();
    const url = gone.url;
    await gone.close();
    const err = await failure(
      createLlmClient({ baseURL: url, model: 'm', maxRetries: 1, retry: { baseDelayMs: 5 } }).generateDraft({
        messages,
        schema,
      }),
    );
    expect(err.code).toBe('llm_unreachable');
    expect(err.stats?.requests).toBe(2);
  });

  test('concurrency limit: calls beyond it wait for a slot', async () => {
    // The server holds every answer until the test opens the gate: no call can finish (and free its
    // slot) before the load is read, however the machine schedules the test.
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    fake.script(async () => {
      await gate;
      return behave.json(validDraft);
    });
    const c = client({ concurrency: 2 });
    const runs = Array.from({ length: 5 }, () => c.generateDraft({ messages, schema }));
    await until(() => chatRequests().length === 2, 'two calls to reach the server');
    expect(c.load()).toEqual({ active: 2, waiting: 3 });
    // A lower bound only: the queued calls wait at least this long for a slot.
    await new Promise((r) => setTimeout(r, 150));
    open();
    const results = await Promise.all(runs);
    expect(results.filter((r) => r.stats.queuedMs >= 100).length).toBeGreaterThanOrEqual(3);
    expect(c.load()).toEqual({ active: 0, waiting: 0 });
  });

  test('Azure: apiVersion switches to the AzureOpenAI deployment URL', async () => {
    const base = fake.url.replace(/\/v1$/, '');
    const c = createLlmClient({ apiKey: 'azure-key', baseURL: base, apiVersion: '2024-10-21', model: 'my-deployment' });
    const res = await c.generateDraft<Draft>({ messages, schema });
    expect(res.output).toEqual(validDraft);
    const req = chatRequests()[0];
    expect(req.path).toBe('/openai/deployments/my-deployment/chat/completions');
    expect(req.headers['api-key']).toBe('azure-key');
  });

  test('cached tokens come from usage.prompt_tokens_details with a prefix-caching server', async () => {
    const caching = await startFakeOpenAI({ prefixCache: true });
    try {
      const long = 'Static instructions that every request shares. '.repeat(200);
      const c = createLlmClient({ baseURL: caching.url, model: 'm' });
      const m1 = [
        { role: 'system' as const, content: long },
        { role: 'user' as const, content: 'first' },
      ];
      const m2 = [
        { role: 'system' as const, content: long },
        { role: 'user' as const, content: 'second' },
      ];
      const a = await c.generateDraft({ messages: m1, schema });
      const b = await c.generateDraft({ messages: m2, schema });
      expect(a.stats.usage.cachedTokens).toBe(0);
      expect(b.stats.usage.cachedTokens).toBeGreaterThanOrEqual(1024);
    } finally {
      await caching.close();
    }
  });
});
