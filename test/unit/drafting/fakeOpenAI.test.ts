import OpenAI from 'openai';
import { behave, startFakeOpenAI, synthesize } from '../../support/fakeOpenAI.js';
import { zodResponseFormat } from 'openai/helpers/zod';
import { makeDraftSchema } from '../../../server/drafting/draftSchema.js';
import { schemaContext } from './sampleSources.js';

describe('fake OpenAI server', () => {
  test('non-streaming completion with usage, and request recording', async () => {
    const fake = await startFakeOpenAI();
    try {
      fake.script([behave.json({ ok: true }, { usage: { promptTokens: 10, completionTokens: 2, cachedTokens: 4 } })]);
      const client = new OpenAI({ apiKey: 'k', baseURL: fake.url, maxRetries: 0 });
      const res = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
      expect(res.choices[0].message.content).toBe('{"ok":true}');
      expect(res.choices[0].finish_reason).toBe('stop');
      expect(res.usage?.prompt_tokens_details?.cached_tokens).toBe(4);
      expect(fake.requests[0].body.messages).toEqual([{ role: 'user', content: 'hi' }]);
    } finally {
      await fake.close();
    }
  });

  test('unscripted, it answers a json_schema request with a schema-valid instance', async () => {
    const fake = await startFakeOpenAI();
    try {
      const schema = makeDraftSchema(schemaContext);
      const client = new OpenAI({ apiKey: 'k', baseURL: fake.url, maxRetries: 0 });
      const res = await client.chat.completions.create({
        model: 'm',
        messages: [{ role: 'user', content: 'draft' }],
        response_format: zodResponseFormat(schema, 'briefing_draft'),
      });
      expect(schema.safeParse(JSON.parse(res.choices[0].message.content!)).success).toBe(true);
    } finally {
      await fake.close();
    }
  });

  test('synthesize fills minItems and picks enum values', () => {
    expect(synthesize({ type: 'array', minItems: 2, items: { type: 'string', enum: ['a', 'b'] } })).toEqual(['a', 'a']);
  });

  test('token-by-token streaming with latency', async () => {
    const fake = await startFakeOpenAI({ latencyMs: 50, chunkDelayMs: 5 });
    try {
      fake.script([behave.text('one two three four')]);
      const client = new OpenAI({ apiKey: 'k', baseURL: fake.url, maxRetries: 0 });
      const t = Date.now();
      const stream = await client.chat.completions.create({
        model: 'm',
        messages: [{ role: 'user', content: 'x' }],
        stream: true,
      });
      const parts: string[] = [];
      for await (const c of stream) if (c.choices[0]?.delta?.content) parts.push(c.choices[0].delta.content);
      expect(parts).toEqual(['one', ' two', ' three', ' four']);
      expect(Date.now() - t).toBeGreaterThanOrEqual(50);
    } finally {
      await fake.close();
    }
  });
});
