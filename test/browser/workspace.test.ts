import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { makeUser, type TestUser } from '../support/testApp.js';
import { DB_KINDS } from '../support/testDb.js';
import { makeReviewBriefing, reviewContent } from '../support/reviewFactory.js';
import { describeBrowser, launchChromium, logIn, screenshot, startLiveApp, type LiveApp } from './browserSupport.js';

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/grounding/${name}`, import.meta.url)), 'utf8');
const SOURCE = JSON.parse(fixture('sources.jsonl').trim()) as { text: string; title: string };
const DRAFT = JSON.parse(fixture('moved-figure-draft.json')) as {
  title: string;
  thirtySecondBriefing: string;
  technicalBrief: string[];
  ourTake: string[];
};
const RELATED = {
  title: 'Magnet makers welcome the licences',
  publisher: 'Example Wire',
  text:
    'Magnet makers said the one-year licences would cut paperwork for European customers.\n\n' +
    'Analysts expect supply risk to turn more on policy stability than on physical scarcity.',
};

/** A briefing on the grounding fixture: a reversed direction and a moved figure, both blocking. */
function fixtureBriefing(live: LiveApp, assigneeId: string) {
  return makeReviewBriefing(live.t.db.prisma, {
    assigneeId,
    sourceText: SOURCE.text,
    sourceTitle: SOURCE.title,
    related: [RELATED],
    content: (id) =>
      reviewContent(id, {
        title: DRAFT.title,
        thirtySecondBriefing: DRAFT.thirtySecondBriefing,
        technicalBrief: DRAFT.technicalBrief.map((text) => ({ text, sourceIds: [id] })),
        ourTake: DRAFT.ourTake,
        claims: [],
      }),
  });
}

export const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

export const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describeBrowser('the review workspace in Chromium', () => {
  let live: LiveApp;
  let browser: Browser;
  let reviewer: TestUser;

  beforeAll(async () => {
    live = await startLiveApp(DB_KINDS[0]);
    browser = await launchChromium();
    reviewer = await makeUser(live.t, ['reviewer'], { displayName: 'Tom Sullivan' });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  test('at 1280 px the draft and its sources sit side by side; choosing a sentence highlights its passage and what differs', async () => {
    const b = await fixtureBriefing(live, reviewer.id);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await logIn(page, live.url, reviewer.email, reviewer.password);
    await page.goto(`${live.url}/briefings/${b.briefingId}`);

    const draft = (await page.locator('#ws-draft').boundingBox())!;
    const sources = (await page.locator('#ws-sources').boundingBox())!;
    const signOff = (await page.locator('#sign-off').boundingBox())!;
    expect(draft.x + draft.width).toBeLessThanOrEqual(sources.x);
    expect(sources.x + sources.width).toBeLessThanOrEqual(signOff.x);
    expect(Math.abs(draft.y - sources.y)).toBeLessThan(2);
    // The panels scroll on their own: the page is the header, one screen of workspace and the actions.
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(2600);
    // Lead first, then the related source, each with publisher, date and link.
    expect(await page.locator('.source h3').allInnerTexts()).toEqual([
      expect.stringContaining(SOURCE.title),
      expect.stringContaining(RELATED.title),
    ]);
    await page.locator('#workspace').scrollIntoViewIfNeeded();
    await screenshot(page, 'workspace-1280');

    // The sentence with the moved figure: the draft says 15 tonnes, the source 40.
    const sentence = page.locator('a.sentence', { hasText: '15 tonnes' });
    await sentence.click();
    expect(await sentence.getAttribute('class')).toContain('selected');
    const passageIds = (await sentence.getAttribute('data-passages'))!.split(' ');
    const passage = page.locator(`[id="${passageIds[0]}"]`);
    expect(await passage.getAttribute('class')).toContain('selected');
    expect(await passage.innerText()).toContain('40');
    // Both sides mark the figure, and the passage is scrolled into the sources panel's view.
    expect(await sentence.locator('mark.flag').innerText()).toBe('15');
    expect(await passage.locator('mark.flag-evidence').innerText()).toBe('40');
    await page.waitForFunction((id) => {
      const p = document.getElementById(id)!.getBoundingClientRect();
      const panel = document.getElementById('ws-sources')!.getBoundingClientRect();
      return p.top >= panel.top && p.bottom <= panel.bottom;
    }, passageIds[0]);
    await page.waitForFunction(() => /Sentence \d+ of \d+/.test(document.getElementById('ws-live')!.textContent ?? ''));
    expect(await page.locator('#ws-live').innerText()).toContain('blocking');
    // A supported sentence: its passage in the related source, differing words marked on both sides.
    const related = page.locator('a.sentence', { hasText: 'policy stability' });
    await related.click();
    const relatedPassage = page.locator(`[id="${(await related.getAttribute('data-passages'))!.split(' ')[0]}"]`);
    expect(await relatedPassage.innerText()).toContain('policy stability');
    expect(await relatedPassage.evaluate((el) => el.closest('.source')!.querySelector('h3')!.textContent)).toContain(
      RELATED.title,
    );
    await sentence.click();
    await screenshot(page, 'workspace-selected');
    await page.close();
  });
});
