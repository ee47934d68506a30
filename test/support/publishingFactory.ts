import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../../server/db/connect.js';
import type { Draft } from '../../server/drafting/draftSchema.js';
import type { BriefingState } from '../../server/generated/prisma/enums.js';
import type { Prisma } from '../../server/generated/prisma/client.js';
import { seedDemoCatalogue } from '../../server/seed/demoCatalogue.js';

/** The example briefing (../shared/examples/seed-briefing.txt) as a Draft. */
export function exampleDraft(overrides: Partial<Draft> = {}): Draft {
  return {
    title: 'China’s first streamlined rare earth licences: supply risk notes for project teams',
    slugSuggestion: 'china-rare-earth-licences-supply-risk',
    thirtySecondBriefing:
      'China has issued the first batch of one-year “general” rare earth export licences to magnet producers JL Mag Rare Earth, Ningbo Yunsheng and Beijing Zhong Ke San Huan High-Tech, easing shipment-by-shipment approvals imposed under April’s export controls.',
    technicalBrief: [
      {
        text: 'Eligibility is currently restricted to major Chinese rare earth firms, with potential expansion contingent on rollout performance.',
        sourceIds: ['s1'],
      },
      { text: '2025 shipments remained about **20%** down year-on-year.', sourceIds: ['s1'] },
    ],
    ourTake: [
      'With rare earths and rare earth magnets appearing in 10 keyword-matched pieces in our database, China’s move signals that supply risk is now more about policy stability than immediate physical scarcity.',
      'The 20% decline in total rare earth supplies for the year suggests that non-Chinese magnet producers will remain under pressure to qualify alternative feedstock sources.',
    ],
    keywords: ['rare earths', 'export controls', 'magnets'],
    industries: ['Mining'],
    products: ['CMRR-io'],
    claims: [],
    ...overrides,
  };
}

export function hashOf(content: unknown): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

export interface MadeBriefing {
  briefingId: string;
  revisionId: string;
  signOffId: string | null;
}

let n = 0;

/** A briefing with a lead source, one revision and (by default) a valid sign-off, in the given state. */
export async function makeBriefing(
  db: Db,
  opts: {
    state?: BriefingState;
    content?: Draft;
    signed?: boolean;
    reviewerName?: string;
    staleSignOff?: boolean;
    publisher?: string;
  } = {},
): Promise<MadeBriefing> {
  n++;
  const content = opts.content ?? exampleDraft();
  const userId = randomUUID();
  const source = await db.source.create({
    data: {
      canonicalUrl: `https://www.mining.com/story-${n}-${randomUUID()}`,
      url: `https://www.mining.com/story-${n}`,
      publisher: opts.publisher ?? 'MINING.com',
      title: `Lead story ${n}`,
      fetchedAt: new Date(),
      text: 'China has issued the first batch of general rare earth export licences.',
      contentHash: randomUUID(),
      origin: 'api',
    },
    select: { id: true },
  });
  const briefing = await db.briefing.create({
    data: { title: content.title, leadSourceId: source.id, createdById: userId, state: opts.state ?? 'approved' },
    select: { id: true },
  });
  const made = await addRevision(db, briefing.id, content, {
    signed: opts.signed ?? true,
    reviewerName: opts.reviewerName,
    staleSignOff: opts.staleSignOff,
    state: opts.state ?? 'approved',
  });
  return { briefingId: briefing.id, ...made };
}

/** A new current revision (voiding earlier sign-offs, as the review workflow does), optionally signed off. */
export async function addRevision(
  db: Db,
  briefingId: string,
  content: Draft,
  opts: { signed?: boolean; reviewerName?: string; staleSignOff?: boolean; state?: BriefingState } = {},
): Promise<{ revisionId: string; signOffId: string | null }> {
  const last = await db.revision.findFirst({
    where: { briefingId },
    orderBy: { number: 'desc' },
    select: { number: true },
  });
  const revision = await db.revision.create({
    data: {
      briefingId,
      number: (last?.number ?? 0) + 1,
      content: content as unknown as Prisma.InputJsonValue,
      contentHash: hashOf(content),
    },
    select: { id: true },
  });
  await db.signOff.updateMany({
    where: { briefingId, voidedAt: null },
    data: { voidedAt: new Date(), voidReason: 'content changed' },
  });
  await db.briefing.update({
    where: { id: briefingId },
    data: { currentRevisionId: revision.id, title: content.title, state: opts.state ?? 'approved' },
  });
  let signOffId: string | null = null;
  if (opts.signed ?? true) {
    const s = await db.signOff.create({
      data: {
        briefingId,
        revisionId: revision.id,
        contentHash: opts.staleSignOff ? hashOf({ other: true }) : hashOf(content),
        reviewerId: randomUUID(),
        reviewerName: opts.reviewerName ?? 'Tom Sullivan',
        statement: 'I have checked this briefing against its sources.',
      },
      select: { id: true },
    });
    signOffId = s.id;
  }
  return { revisionId: revision.id, signOffId };
}

/** The example catalogue (Mining, Construction, CMRR-io, QCDB-io, HYDROGEO-io). */
export async function seedExampleCatalogue(db: Db): Promise<void> {
  await seedDemoCatalogue(db);
}

/**
 * A briefing as drafting leaves it: a lead and two related sources linked to it, an LLM
 * generation (model and prompt version) behind revision 1, signed off by `reviewerName`.
 */
export async function makeSourcedBriefing(
  db: Db,
  opts: { model?: string; promptVersion?: string; offline?: boolean; reviewerName?: string } = {},
) {
  const made = await makeBriefing(db, { reviewerName: opts.reviewerName });
  const briefing = await db.briefing.findUniqueOrThrow({
    where: { id: made.briefingId },
    select: { leadSourceId: true },
  });
  const related = [];
  for (const [i, publisher] of ['Reuters', 'Financial Times'].entries()) {
    related.push(
      await db.source.create({
        data: {
          canonicalUrl: `https://news.example/${publisher.toLowerCase().replace(/ /g, '-')}-${randomUUID()}`,
          url: `https://news.example/${publisher.toLowerCase().replace(/ /g, '-')}/rare-earths-${i + 1}`,
          publisher,
          title: `${publisher} on rare earth licences`,
          publishedAt: new Date(`2025-12-0${i + 3}T09:00:00Z`),
          fetchedAt: new Date(),
          text: `${publisher} reports that magnet makers received general licences.`,
          contentHash: createHash('sha256').update(`${publisher} text`).digest('hex'),
          origin: 'api',
        },
        select: { id: true, url: true, title: true, publisher: true, contentHash: true },
      }),
    );
  }
  await db.briefingSource.createMany({
    data: [
      { briefingId: made.briefingId, sourceId: briefing.leadSourceId, role: 'lead', rank: 0 },
      ...related.map((s, i) => ({ briefingId: made.briefingId, sourceId: s.id, role: 'related', rank: i + 1 })),
    ],
  });
  const generation = await db.generation.create({
    data: {
      briefingId: made.briefingId,
      kind: 'draft',
      status: 'succeeded',
      offline: opts.offline ?? false,
      model: opts.model ?? 'gpt-4o-mini',
      templateVersion: opts.promptVersion ?? '3f9c2a7b1d0e',
      finishedAt: new Date(),
    },
    select: { id: true },
  });
  await db.revision.update({ where: { id: made.revisionId }, data: { generationId: generation.id } });
  const lead = await db.source.findUniqueOrThrow({
    where: { id: briefing.leadSourceId },
    select: { id: true, url: true, title: true, publisher: true, contentHash: true },
  });
  return { ...made, sources: [lead, ...related] };
}
