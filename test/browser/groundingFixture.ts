/**
 * The grounding fixture's briefing, as the browser suites put it before a reviewer: a real source and a
 * draft with a reversed direction ("rose" for "fell") and a moved figure (15 tonnes for 40), both blocking.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { makeUser, type TestUser } from '../support/testApp.js';
import { DB_KINDS } from '../support/testDb.js';
import { makeReviewBriefing, reviewContent } from '../support/reviewFactory.js';
import { launchChromium, startLiveApp, type LiveApp } from './browserSupport.js';

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/grounding/${name}`, import.meta.url)), 'utf8');
export const SOURCE = JSON.parse(fixture('sources.jsonl').trim()) as { text: string; title: string };
export const DRAFT = JSON.parse(fixture('moved-figure-draft.json')) as {
  title: string;
  thirtySecondBriefing: string;
  technicalBrief: string[];
  ourTake: string[];
};

type BriefingOptions = NonNullable<Parameters<typeof makeReviewBriefing>[1]>;

/** The fixture briefing, in review; the draft's sections can be swapped for a test's own. */
export function fixtureBriefing(
  live: LiveApp,
  opts: Omit<BriefingOptions, 'content' | 'sourceText' | 'sourceTitle'> & {
    thirtySecondBriefing?: string;
    ourTake?: string[];
  } = {},
) {
  const { thirtySecondBriefing = DRAFT.thirtySecondBriefing, ourTake = DRAFT.ourTake, ...rest } = opts;
  return makeReviewBriefing(live.t.db.prisma, {
    ...rest,
    sourceText: SOURCE.text,
    sourceTitle: SOURCE.title,
    content: (id) =>
      reviewContent(id, {
        title: DRAFT.title,
        thirtySecondBriefing,
        technicalBrief: DRAFT.technicalBrief.map((text) => ({ text, sourceIds: [id] })),
        ourTake,
        claims: [],
      }),
  });
}

export interface ReviewerSuite {
  live: LiveApp;
  browser: Browser;
  reviewer: TestUser;
}

/** A describe block's app (PGlite), Chromium and a reviewer, started once and closed after its tests. */
export function useReviewerInChromium(): ReviewerSuite {
  const suite = {} as ReviewerSuite;
  beforeAll(async () => {
    suite.live = await startLiveApp(DB_KINDS[0]);
    suite.browser = await launchChromium();
    suite.reviewer = await makeUser(suite.live.t, ['reviewer'], { displayName: 'Tom Sullivan' });
  }, 60_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.live?.close();
  });
  return suite;
}
