import { randomUUID } from 'node:crypto';
import type { Db } from '../../server/db/connect.js';
import type { Prisma } from '../../server/generated/prisma/client.js';
import type { BriefingState } from '../../server/generated/prisma/enums.js';
import type { RevisionContent } from '../../server/review/content.js';
import { contentHash } from '../../server/review/content.js';
import { groundContent } from '../../server/review/grounding.js';

export const SOURCE_TEXT =
  'China has issued the first batch of one-year general rare earth export licences to magnet producers JL Mag Rare Earth and Ningbo Yunsheng. ' +
  'Shipments remained about 20% down year-on-year.\n\nEuropean manufacturers report shorter delays but still flag opaque criteria.';

/** Text every figure and name of which is in SOURCE_TEXT: no grounding flags. */
export function cleanContent(sourceId: string, over: Partial<RevisionContent> = {}): RevisionContent {
  return reviewContent(sourceId, {
    ourTake: ['European manufacturers report shorter delays.', 'Shipments remained about 20% down year-on-year.'],
    ...over,
  });
}

/** A draft whose "37 new licences" appears in no source: exactly one grounding flag (a number). */
export function reviewContent(sourceId: string, over: Partial<RevisionContent> = {}): RevisionContent {
  return {
    title: 'Rare earth licences ease supply risk',
    slug: 'rare-earth-licences',
    thirtySecondBriefing:
      'China has issued the first batch of general rare earth export licences to JL Mag Rare Earth. Shipments remained about 20% down year-on-year.',
    technicalBrief: [{ text: 'Licences run for one year.', sourceIds: [sourceId] }],
    ourTake: ['Regulators granted 37 new licences this quarter.', 'European manufacturers report shorter delays.'],
    keywords: ['rare earths'],
    industries: [],
    products: [],
    claims: [
      {
        text: 'Shipments remained about 20% down year-on-year.',
        sourceId,
        evidenceQuote: 'Shipments remained about 20% down year-on-year.',
      },
    ],
    ...over,
  };
}

let n = 0;

const FACTS = [{ term: 'rare earths', matches: 10, sourceIds: [] }];

export interface ReviewBriefing {
  briefingId: string;
  sourceId: string;
  revisionId: string;
  currentRevisionId: string;
  generationId: string;
}

/** A briefing as a finished generation leaves it (generated revision with its grounding report), in any state. */
export async function makeReviewBriefing(
  db: Db,
  opts: {
    state?: BriefingState;
    signedBy?: { id: string; displayName: string };
    secondRevision?: boolean;
    createdById?: string;
    assigneeId?: string;
    title?: string;
    sourceTitle?: string;
    sourceText?: string;
    content?: (sourceId: string) => RevisionContent;
    failedDraft?: boolean;
    /** Related sources linked after the lead (rank 1, 2, …), checked with it. */
    related?: { title: string; text: string; publisher?: string; url?: string }[];
  } = {},
): Promise<ReviewBriefing> {
  n++;
  const source = await db.source.create({
    data: {
      canonicalUrl: `https://www.mining.com/review-${n}-${randomUUID()}`,
      url: `https://www.mining.com/review-${n}`,
      publisher: 'MINING.com',
      title: opts.sourceTitle ?? `Rare earth licences story ${n}`,
      fetchedAt: new Date(),
      text: opts.sourceText ?? SOURCE_TEXT,
      contentHash: randomUUID(),
      origin: 'api',
    },
    select: { id: true },
  });
  const content = opts.content
    ? opts.content(source.id)
    : reviewContent(source.id, opts.title ? { title: opts.title } : {});
  const createdById = opts.createdById ?? (await db.user.findFirst({ select: { id: true } }))?.id ?? randomUUID();
  const briefing = await db.briefing.create({
    data: {
      title: content.title,
      leadSourceId: source.id,
      createdById,
      assigneeId: opts.assigneeId,
      state: opts.state ?? 'in_review',
      facts: FACTS,
    },
    select: { id: true },
  });
  await db.briefingSource.create({ data: { briefingId: briefing.id, sourceId: source.id, role: 'lead', rank: 0 } });
  for (const [i, r] of (opts.related ?? []).entries()) {
    const s = await db.source.create({
      data: {
        canonicalUrl: `https://example.test/related-${n}-${i}-${randomUUID()}`,
        url: r.url ?? `https://example.test/related-${n}-${i}`,
        publisher: r.publisher ?? 'Example Wire',
        title: r.title,
        fetchedAt: new Date(),
        publishedAt: new Date('2026-10-04T08:00:00Z'),
        text: r.text,
        contentHash: randomUUID(),
        origin: 'api',
      },
      select: { id: true },
    });
    await db.briefingSource.create({
      data: { briefingId: briefing.id, sourceId: s.id, role: 'related', rank: i + 1 },
    });
  }
  const gen = await db.generation.create({
    data: opts.failedDraft
      ? {
          briefingId: briefing.id,
          kind: 'draft',
          status: 'failed',
          model: 'gpt-4o-mini',
          errorCode: 'connection_error',
          error: 'The LLM server could not be reached.',
          finishedAt: new Date(),
        }
      : {
          briefingId: briefing.id,
          kind: 'draft',
          status: 'succeeded',
          offline: true,
          model: 'offline',
          templateVersion: 'test',
          finishedAt: new Date(),
        },
    select: { id: true },
  });
  // What a dead LLM leaves: the briefing with its sources and facts, a failed job, no revision.
  if (opts.failedDraft)
    return {
      briefingId: briefing.id,
      sourceId: source.id,
      revisionId: '',
      currentRevisionId: '',
      generationId: gen.id,
    };
  const grounding = await groundContent(db, briefing.id, content, FACTS);
  const rev = await db.revision.create({
    data: {
      briefingId: briefing.id,
      number: 1,
      content: content as unknown as Prisma.InputJsonValue,
      contentHash: contentHash(content),
      generationId: gen.id,
      grounding: grounding as unknown as Prisma.InputJsonValue,
    },
    select: { id: true },
  });
  let current = rev.id;
  if (opts.secondRevision) {
    const c2 = { ...content, title: `${content.title} (edited)` };
    const r2 = await db.revision.create({
      data: {
        briefingId: briefing.id,
        number: 2,
        content: c2 as unknown as Prisma.InputJsonValue,
        contentHash: contentHash(c2),
        authorId: createdById,
        baseRevisionId: rev.id,
        grounding: grounding as unknown as Prisma.InputJsonValue,
      },
      select: { id: true },
    });
    current = r2.id;
  }
  await db.briefing.update({ where: { id: briefing.id }, data: { currentRevisionId: current } });
  if (opts.signedBy) {
    const hash = (await db.revision.findUniqueOrThrow({ where: { id: current }, select: { contentHash: true } }))
      .contentHash;
    await db.signOff.create({
      data: {
        briefingId: briefing.id,
        revisionId: current,
        contentHash: hash,
        reviewerId: opts.signedBy.id,
        reviewerName: opts.signedBy.displayName,
        statement: 'Reviewed against sources.',
      },
    });
  }
  return {
    briefingId: briefing.id,
    sourceId: source.id,
    revisionId: rev.id,
    currentRevisionId: current,
    generationId: gen.id,
  };
}
