import type { Browser, Page } from 'playwright-core';
import { makeUser, type TestUser } from '../support/testApp.js';
import { DB_KINDS } from '../support/testDb.js';
import { makeReviewBriefing } from '../support/reviewFactory.js';
import { describeBrowser, launchChromium, logIn, screenshot, startLiveApp, type LiveApp } from './browserSupport.js';

/** Controls a person can operate, and whether each has an accessible name from a label. */
async function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [
      ...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | HTMLElement>(
        'input:not([type=hidden]), textarea, select, [contenteditable="true"]',
      ),
    ]
      // A control kept only as a form field behind an editor (hidden, so out of the accessibility
      // tree) is not one a person meets; the editor that replaced it is, and is checked instead.
      .filter((el) => !el.closest('[hidden]'))
      .filter(
        (el) =>
          !('labels' in el && el.labels && el.labels.length > 0) &&
          !el.getAttribute('aria-label') &&
          !el.getAttribute('aria-labelledby'),
      )
      .map((el) => `${el.tagName.toLowerCase()}#${el.id || '(no id)'}[name=${el.getAttribute('name') ?? ''}]`),
  );
}

describeBrowser('usable by people: 200% zoom, labels, keyboard', () => {
  let live: LiveApp;
  let browser: Browser;
  let reviewer: TestUser;
  let briefingId = '';
  let sourceId = '';

  beforeAll(async () => {
    live = await startLiveApp(DB_KINDS[0]);
    reviewer = await makeUser(live.t, ['reviewer', 'editor'], { displayName: 'Tom Sullivan' });
    const b = await makeReviewBriefing(live.t.db.prisma, { assigneeId: reviewer.id });
    briefingId = b.briefingId;
    sourceId = (
      await live.t.db.prisma.briefing.findUniqueOrThrow({ where: { id: briefingId }, select: { leadSourceId: true } })
    ).leadSourceId;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  test('at 200% zoom the main pages reflow without sideways scrolling, and every control is labelled', async () => {
    // A 1280-px window at 200% zoom lays pages out in 640 CSS pixels.
    const context = await browser.newContext({ viewport: { width: 640, height: 900 }, deviceScaleFactor: 2 });
    const page = await context.newPage();
    await page.goto(`${live.url}/login`);
    expect(await unlabelledControls(page)).toEqual([]);
    await logIn(page, live.url, reviewer.email, reviewer.password);
    for (const path of [
      '/briefings?tab=all',
      `/briefings/${briefingId}`,
      `/sources/${sourceId}`,
      '/sources',
      '/account',
    ]) {
      await page.goto(live.url + path);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect({ path, overflow }).toEqual({ path, overflow: 0 });
      expect({ path, unlabelled: await unlabelledControls(page) }).toEqual({ path, unlabelled: [] });
    }
    await screenshot(page, 'draft-page-200-percent');
    await context.close();
  });

  test('keyboard: the first Tab lands on "Skip to content", which moves focus to the main content; focus is visible', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logIn(page, live.url, reviewer.email, reviewer.password);
    await page.goto(`${live.url}/briefings/${briefingId}`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to content');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => location.hash)).toBe('#main');
    await page.close();
  });
});
