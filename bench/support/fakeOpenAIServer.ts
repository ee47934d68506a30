// The tests' fake OpenAI-compatible server in its own process, for bench:drafting.
// Every answer is a schema-valid draft (synthesised from the request's json_schema).
// Fixed latency L before the headers; a prompt that mentions BENCH-SLOW streams slowly,
// so the bench can keep many generations running at once.
import { behave, startFakeOpenAI, synthesize } from '../../test/support/fakeOpenAI.js';

const latencyMs = Number(process.env.FAKE_LATENCY_MS ?? 250);
const slowLatencyMs = Number(process.env.FAKE_SLOW_LATENCY_MS ?? 12_000);
const slowChunkDelayMs = Number(process.env.FAKE_SLOW_CHUNK_DELAY_MS ?? 60);

const fake = await startFakeOpenAI();
fake.script((req) => {
  const output = synthesize(req.body?.response_format?.json_schema?.schema);
  const slow = JSON.stringify(req.body?.messages ?? []).includes('BENCH-SLOW');
  // Recorded requests would grow without bound over a long run.
  fake.requests.length = 0;
  return slow
    ? { ...behave.json(output), latencyMs: slowLatencyMs, chunkDelayMs: slowChunkDelayMs, chunking: 'token' }
    : { ...behave.json(output), latencyMs, chunkDelayMs: 0, chunking: 64 };
});
process.stdout.write(JSON.stringify({ url: fake.url }) + '\n');
process.on('SIGTERM', () => void fake.close().then(() => process.exit(0)));
