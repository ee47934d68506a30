/**
 * An in-process OpenAI-compatible server on 127.0.0.1 for tests and the bench.
 * It speaks the real wire protocol (JSON and SSE chat completions, OpenAI
 * error bodies, Retry-After, usage with cached tokens) so the real `openai`
 * client is exercised end to end, and lets each request be scripted.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FakeUsage {
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
}

interface Timing {
  /** Delay before the response headers. */
  latencyMs?: number;
  /** Delay between streamed chunks. */
  chunkDelayMs?: number;
  /** 'token' splits into word-like tokens; a number splits into that many characters. */
  chunking?: 'token' | number;
  /** Streams `afterChunks` chunks, then holds the rest until `open` resolves: a pause the test controls. */
  gate?: { afterChunks: number; open: Promise<unknown> };
}

export type FakeBehaviour = Timing &
  (
    | {
        kind: 'content';
        content: string;
        finishReason?: 'stop' | 'length' | 'content_filter';
        usage?: Partial<FakeUsage>;
      }
    | { kind: 'refusal'; refusal: string; usage?: Partial<FakeUsage> }
    | { kind: 'error'; status: number; body?: unknown; headers?: Record<string, string> }
    /** Accepts the request and never answers (until the client gives up or close()). */
    | { kind: 'hang'; afterChunks?: number; content?: string }
    /** Streams some chunks, then destroys the socket. */
    | { kind: 'cut'; content: string; afterChunks: number }
    /** Streams `content`, then `repeat` over and over until the client hangs up (a model that never stops). */
    | { kind: 'endless'; content: string; repeat: string }
  );

/** Ready-made behaviours for the cases tests care about. */
export const behave = {
  json: (value: unknown, extra: Timing & { usage?: Partial<FakeUsage> } = {}): FakeBehaviour => ({
    kind: 'content',
    content: typeof value === 'string' ? value : JSON.stringify(value),
    ...extra,
  }),
  text: (content: string, extra: Timing = {}): FakeBehaviour => ({ kind: 'content', content, ...extra }),
  refusal: (refusal = "I'm sorry, I can't help with that."): FakeBehaviour => ({ kind: 'refusal', refusal }),
  length: (partial: string): FakeBehaviour => ({ kind: 'content', content: partial, finishReason: 'length' }),
  rateLimited: (retryAfterSeconds: number | null = 1): FakeBehaviour => ({
    kind: 'error',
    status: 429,
    headers: retryAfterSeconds == null ? {} : { 'retry-after': String(retryAfterSeconds) },
    body: {
      error: { message: 'Rate limit reached for requests', type: 'requests', param: null, code: 'rate_limit_exceeded' },
    },
  }),
  serverError: (status = 500): FakeBehaviour => ({
    kind: 'error',
    status,
    body: {
      error: {
        message: 'The server had an error while processing your request.',
        type: 'server_error',
        param: null,
        code: null,
      },
    },
  }),
  unknownModel: (model = 'unknown'): FakeBehaviour => ({
    kind: 'error',
    status: 404,
    body: {
      error: {
        message: `The model \`${model}\` does not exist or you do not have access to it.`,
        type: 'invalid_request_error',
        param: null,
        code: 'model_not_found',
      },
    },
  }),
  hang: (): FakeBehaviour => ({ kind: 'hang' }),
  cut: (content: string, afterChunks: number): FakeBehaviour => ({ kind: 'cut', content, afterChunks }),
  endless: (content: string, repeat: string): FakeBehaviour => ({ kind: 'endless', content, repeat }),
};

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** Parsed JSON body (undefined if it was not JSON). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- whatever the client sent; each test reads the fields it asserts on
  body: any;
  receivedAt: number;
}

export type ScriptFn = (req: RecordedRequest, index: number) => FakeBehaviour | Promise<FakeBehaviour>;

export interface FakeOpenAIOptions extends Timing {
  /** Models the server knows; any other model gets 404 model_not_found. Default: all models. */
  models?: string[];
  /** Simulate a provider prefix cache: cached_tokens from the prefix shared with earlier prompts. */
  prefixCache?: boolean;
}

export interface FakeOpenAI {
  /** Base URL including /v1, ready for `new OpenAI({ baseURL })`. */
  url: string;
  requests: RecordedRequest[];
  /** Set the behaviour per request: a function, or a list used in order (the last one repeats). */
  script(fn: ScriptFn | FakeBehaviour[]): void;
  close(): Promise<void>;
}

const approxTokens = (chars: number) => Math.ceil(chars / 4);

function splitChunks(text: string, chunking: Timing['chunking']): string[] {
  if (text === '') return [];
  if (typeof chunking === 'number' && chunking > 0) {
    const out: string[] = [];
    for (let i = 0; i < text.length; i += chunking) out.push(text.slice(i, i + chunking));
    return out;
  }
  return text.match(/\s*[^\s]+|\s+/g) ?? [text];
}

/** A minimal instance of a JSON Schema, so an unscripted server still answers validly. */
interface SchemaNode {
  enum?: unknown[];
  anyOf?: SchemaNode[];
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  minItems?: number;
  pattern?: string;
  minimum?: number;
}

export function synthesize(schema: SchemaNode | undefined, key = 'value'): unknown {
  if (!schema || typeof schema !== 'object') return null;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (schema.anyOf?.length) return synthesize(schema.anyOf[0], key);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(schema.properties ?? {})) out[k] = synthesize(v, k);
      return out;
    }
    case 'array': {
      const n = schema.minItems ?? 0;
      return Array.from({ length: n }, () => synthesize(schema.items, key));
    }
    case 'string':
      if (schema.pattern) return 'example-slug';
      return `Example ${key}.`;
    case 'integer':
    case 'number':
      return schema.minimum ?? 0;
    case 'boolean':
      return false;
    case undefined:
    default:
      return null;
  }
}

function defaultBehaviour(req: RecordedRequest): FakeBehaviour {
  const rf = req.body?.response_format;
  if (rf?.type === 'json_schema') return behave.json(synthesize(rf.json_schema?.schema));
  if (rf?.type === 'json_object') return behave.json({});
  return behave.text('ok');
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

export async function startFakeOpenAI(opts: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const seenPrompts: string[] = [];
  let scriptFn: ScriptFn = defaultBehaviour;
  let scriptStart = 0;
  let nextId = 1;

  const server = createServer((req, res) => {
    void handle(req, res).catch((e) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: String(e), type: 'server_error' } }));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  const wait = (ms: number | undefined) => (ms && ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());

  async function readBody(req: IncomingMessage): Promise<string> {
    const parts: Buffer[] = [];
    for await (const c of req) parts.push(c as Buffer);
    return Buffer.concat(parts).toString('utf8');
  }

  function sendError(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body ?? { error: { message: `HTTP ${status}`, type: 'error' } }));
  }

  function usageFor(req: RecordedRequest, completionChunks: number, override: Partial<FakeUsage> | undefined) {
    const prompt = JSON.stringify(req.body?.messages ?? []);
    let cached = 0;
    if (opts.prefixCache) {
      const shared = Math.max(0, ...seenPrompts.map((p) => commonPrefix(p, prompt)));
      // Like OpenAI: cache hits only from 1024 tokens, in 128-token steps.
      const t = approxTokens(shared);
      cached = t >= 1024 ? Math.floor(t / 128) * 128 : 0;
    }
    seenPrompts.push(prompt);
    const promptTokens = override?.promptTokens ?? approxTokens(prompt.length);
    const completionTokens = override?.completionTokens ?? completionChunks;
    const cachedTokens = override?.cachedTokens ?? Math.min(cached, promptTokens);
    return {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: cachedTokens, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const text = await readBody(req);
    let body: RecordedRequest['body'];
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const path = (req.url ?? '/').split('?')[0];
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      headers: req.headers,
      body,
      receivedAt: Date.now(),
    };
    requests.push(recorded);

    if (req.method === 'GET' && path.endsWith('/models')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          object: 'list',
          data: (opts.models ?? []).map((id) => ({ id, object: 'model', owned_by: 'fake' })),
        }),
      );
      return;
    }
    // Matches /v1/chat/completions and Azure's /openai/deployments/<name>/chat/completions.
    if (req.method !== 'POST' || !path.endsWith('/chat/completions')) {
      return sendError(res, 404, {
        error: { message: `Unknown route ${req.method} ${path}`, type: 'invalid_request_error' },
      });
    }
    if (!body || !Array.isArray(body.messages)) {
      return sendError(res, 400, {
        error: { message: "'messages' is required", type: 'invalid_request_error', param: 'messages' },
      });
    }

    const index = requests.filter((r) => r.path.endsWith('/chat/completions')).length - 1 - scriptStart;
    const b: FakeBehaviour =
      opts.models && !opts.models.includes(body.model)
        ? behave.unknownModel(body.model)
        : await scriptFn(recorded, index);
    const latency = b.latencyMs ?? opts.latencyMs;
    const chunkDelay = b.chunkDelayMs ?? opts.chunkDelayMs;
    const chunking = b.chunking ?? opts.chunking ?? 'token';

    await wait(latency);
    if (b.kind === 'error') return sendError(res, b.status, b.body, b.headers);

    const id = `chatcmpl-fake${nextId++}`;
    const created = Math.floor(Date.now() / 1000);
    const model = body.model ?? 'fake-model';
    const stream = body.stream === true;
    const content = b.kind === 'refusal' ? '' : (b.content ?? '');
    const pieces = splitChunks(b.kind === 'refusal' ? b.refusal : content, chunking);

    if (!stream) {
      if (b.kind === 'hang' || b.kind === 'cut' || b.kind === 'endless') {
        if (b.kind === 'cut') req.socket.destroy();
        return; // never answer
      }
      const finish = b.kind === 'content' ? (b.finishReason ?? 'stop') : 'stop';
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id,
          object: 'chat.completion',
          created,
          model,
          choices: [
            {
              index: 0,
              message: {
                role: 'assistant',
                content: b.kind === 'refusal' ? null : content,
                refusal: b.kind === 'refusal' ? b.refusal : null,
              },
              logprobs: null,
              finish_reason: finish,
            },
          ],
          usage: usageFor(recorded, pieces.length, 'usage' in b ? b.usage : undefined),
          system_fingerprint: 'fp_fake',
        }),
      );
      return;
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = (obj: unknown) => res.write(`data: ${JSON.stringify(obj)}\n\n`);
    const chunk = (delta: object, finish: string | null = null) =>
      send({
        id,
        object: 'chat.completion.chunk',
        created,
        model,
        system_fingerprint: 'fp_fake',
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      });

    chunk({ role: 'assistant', content: '', refusal: null });
    const limit = b.kind === 'cut' ? b.afterChunks : b.kind === 'hang' ? (b.afterChunks ?? 0) : pieces.length;
    for (let i = 0; i < Math.min(limit, pieces.length); i++) {
      if (b.gate && i === b.gate.afterChunks) await b.gate.open;
      await wait(chunkDelay);
      if (res.destroyed) return;
      chunk(b.kind === 'refusal' ? { refusal: pieces[i] } : { content: pieces[i] });
    }
    if (b.kind === 'cut') {
      // Let the chunks reach the wire first: destroy() would discard buffered writes.
      await new Promise<void>((resolve) => res.write('', () => resolve()));
      req.socket.destroy();
      return;
    }
    if (b.kind === 'hang') return;
    if (b.kind === 'endless') {
      // Until the client disconnects; yielding to the event loop lets its close arrive.
      while (!res.destroyed) {
        chunk({ content: b.repeat });
        await new Promise<void>((resolve) => {
          if (!res.writableNeedDrain) return void setImmediate(resolve);
          res.once('drain', resolve);
          res.once('close', resolve);
        });
      }
      return;
    }

    chunk({}, b.kind === 'content' ? (b.finishReason ?? 'stop') : 'stop');
    if (body.stream_options?.include_usage) {
      send({
        id,
        object: 'chat.completion.chunk',
        created,
        model,
        choices: [],
        usage: usageFor(recorded, pieces.length, b.usage),
      });
    }
    res.write('data: [DONE]\n\n');
    res.end();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    script(fn) {
      scriptStart = requests.filter((r) => r.path.endsWith('/chat/completions')).length;
      if (typeof fn === 'function') {
        scriptFn = fn;
      } else {
        const list = [...fn];
        if (list.length === 0) throw new Error('script() needs at least one behaviour');
        scriptFn = (_req, i) => list[Math.min(i, list.length - 1)];
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
