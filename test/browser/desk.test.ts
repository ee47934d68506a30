import type { Browser } from 'playwright-core';
import { makeUser, type TestUser } from '../support/testApp.js';
import { DB_KINDS } from '../support/testDb.js';
import { cleanContent, makeReviewBriefing } from '../support/reviewFactory.js';
import { describeBrowser, launchChromium, logIn, screenshot, startLiveApp, type LiveApp } from './browserSupport.js';

const DAY = 86_400_000;

describeBrowser('the desk at desktop and phone widths', () => {
  let live: LiveApp;
  let browser: Browser;
  let both: TestUser;
  let idle: TestUser;

  beforeAll(async () => {
    live = await startLiveApp(DB_KINDS[0]);
    both = await makeUser(live.t, ['reviewer', 'editor'], { displayName: 'Maria Okafor' });
    idle = await makeUser(live.t, ['reviewer'], { displayName: 'New Colleague' });
    const db = live.t.db.prisma;
    const signer = { id: idle.id, displayName: idle.displayName };
    const plan: [string, number, Parameters<typeof makeReviewBriefing>[1]][] = [
      ['Rare earth licences ease supply risk for magnet makers', 6, { assigneeId: both.id }],
      ['Copper smelter margins squeezed as treatment charges fall', 3, { assigneeId: both.id, content: cleanContent }],
      ['Cobalt export quota tightens', 1, { assigneeId: both.id, state: 'changes_requested' }],
      ['Uranium restart at Cigar Lake', 2, { state: 'approved', content: cleanContent, signedBy: signer }],
      ['Nickel tariff talk', 4, { state: 'drafting', failedDraft: true }],
    ];
    for (const [title, daysAgo, opts] of plan) {
      const content = opts?.content;
      const b = await makeReviewBriefing(db, {
        title,
        ...opts,
        content: content && ((id) => ({ ...content(id), title })),
      });
      const at = new Date(Date.now() - daysAgo * DAY);
      await db.briefing.update({ where: { id: b.briefingId }, data: { createdAt: at } });
      await db.signOff.updateMany({ where: { briefingId: b.briefingId }, data: { createdAt: at } });
    }
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  for (const width of [1280, 375]) {
    test(`${width} px: every section fits without sideways scrolling; sorting by flags is a plain link`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await logIn(page, live.url, both.email, both.password);
      expect(new URL(page.url()).pathname).toBe('/desk');
      const headings = await page.getByRole('heading', { level: 2 }).allTextContents();
      expect(headings.map((h) => h.replace(/\s+/g, ' ').trim())).toEqual([
        'Assigned to you 3',
        'Approved, waiting to publish 1',
        'Failed drafts to retry 1',
      ]);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBe(0);
      await expect(
        page.getByRole('button', { name: /Retry the first draft of Nickel tariff talk/ }).isVisible(),
      ).resolves.toBe(true);
      await screenshot(page, `desk-${width}`);
      await page.getByRole('link', { name: 'Most open flags' }).click();
      await page.waitForURL((u) => u.search === '?sort=flags');
      const first = await page.locator('tr[data-desk-row="assigned"] td a').first().textContent();
      expect(first).toBe('Rare earth licences ease supply risk for magnet makers');
      await page.close();
    });
  }

  test('375 px, a reviewer with nothing assigned is told where to find work', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 900 } });
    await logIn(page, live.url, idle.email, idle.password);
    await expect(page.getByText('Nothing is assigned to you.').isVisible()).resolves.toBe(true);
    // A reviewer only: the editor's sections are not theirs.
    await expect(page.getByText('Failed drafts to retry').count()).resolves.toBe(0);
    await screenshot(page, 'desk-empty-375');
    await page.close();
  });
});
