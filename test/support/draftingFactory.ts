import { createHash, randomUUID } from 'node:crypto';
import type { Session, TestApp } from './testApp.js';
import { createLlmClient, type LlmClient } from '../../server/drafting/llm/index.js';
import { DEFAULT_PRICES } from '../../server/drafting/llm/defaultPrices.js';
import {
  createGenerationWorker,
  type GenerationWorker,
  type GenerationWorkerOptions,
} from '../../server/workers/generationWorker.js';

/** A source row as ingest would store it (search vector filled by the database trigger). */
export async function makeSource(
  t: TestApp,
  s: { title: string; text: string; publisher?: string; keywords?: string[]; publishedAt?: Date },
) {
  const id = randomUUID();
  return t.db.prisma.source.create({
    data: {
      id,
      canonicalUrl: `https://news.example/${id}`,
      url: `https://news.example/${id}`,
      publisher: s.publisher ?? 'Example News',
      title: s.title,
      publishedAt: s.publishedAt ?? new Date('2025-12-04T08:30:00Z'),
      fetchedAt: new Date(),
      text: s.text,
      wordCount: s.text.split(/\s+/).filter(Boolean).length,
      contentHash: createHash('sha256').update(s.text).digest('hex'),
      keywords: s.keywords ?? [],
      origin: 'api',
    },
    select: { id: true, title: true, text: true },
  });
}

/** The openai client pointed at a fake server, with test-sized timeouts and no retries. */
export function fakeLlm(
  url: string,
  opts: { timeoutMs?: number; model?: string; maxRetries?: number } = {},
): LlmClient {
  return createLlmClient({
    model: opts.model ?? 'gpt-4o-mini',
    apiKey: 'test-key',
    baseURL: url,
    timeoutMs: opts.timeoutMs ?? 10_000,
    maxRetries: opts.maxRetries ?? 0,
    concurrency: 4,
    prices: DEFAULT_PRICES,
    retry: { baseDelayMs: 10, maxDelayMs: 20 },
  });
}

export function worker(
  t: TestApp,
  llm: LlmClient | null,
  opts: Omit<GenerationWorkerOptions, 'llm'> = {},
): GenerationWorker {
  return createGenerationWorker(t.booted.deps, { llm, leaseMs: 30_000, pollMs: 50, partialEveryMs: 50, ...opts });
}

export async function waitFor<T>(
  fn: () => Promise<T | null | undefined | false>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const LEAD_TEXT = [
  'China has issued the first batch of one-year general rare earth export licences to magnet producers JL Mag Rare Earth, Ningbo Yunsheng and Beijing Zhong Ke San Huan High-Tech.',
  'The licences ease the shipment-by-shipment approvals imposed under export controls introduced in April.',
  'Beijing agreed to suspend expanded controls announced in October as part of a trade truce with the United States.',
  'Rare earth magnet exports initially slumped after the April controls, and shipments for 2025 remained about 20% down year-on-year.',
  'Exports to the US reached a nine-month high in October.',
  'European manufacturers report shorter delays but still cite opaque criteria.',
].join(' ');

export const RELATED_TEXTS = [
  'Magnet producers in Europe and South Korea are qualifying alternative rare earth feedstock sources. Several buyers said they no longer expect a quick rebound in Chinese rare earth exports.',
  'Higher-value rare earth magnet manufacturers feel changes in export controls first in their order books. Prices for neodymium oxide rose in the third quarter.',
];

/** A lead and two related pieces on the same story; returns the lead. */
export async function rareEarthStory(t: TestApp, leadText = LEAD_TEXT) {
  for (const [i, text] of RELATED_TEXTS.entries()) {
    await makeSource(t, { title: `Rare earth magnets coverage ${i + 1}`, text, keywords: ['rare earth', 'magnets'] });
  }
  return makeSource(t, {
    title: 'China issues first general rare earth export licences',
    text: leadText,
    publisher: 'MINING.com',
    keywords: ['rare earth', 'export licences'],
  });
}

/** An editor starts a briefing through the API on a fresh rare-earth lead; the draft is queued, not run. */
export async function startBriefingThroughApi(
  t: TestApp,
  editor: Session,
  opts: { leadText?: string; assigneeId?: string } = {},
) {
  const lead = await rareEarthStory(t, opts.leadText);
  const res = await editor.agent
    .post('/api/briefings')
    .set('X-CSRF-Token', editor.csrf)
    .send({ leadSourceId: lead.id, ...(opts.assigneeId ? { assigneeId: opts.assigneeId } : {}) })
    .expect(201);
  return { briefingId: res.body.briefing.id as string, generationId: res.body.generation.id as string, lead };
}
