import type { Browser } from 'playwright-core';
import { makeUser, actorFor } from '../support/testApp.js';
import { DB_KINDS } from '../support/testDb.js';
import { addRevision, exampleDraft, makeSourcedBriefing } from '../support/publishingFactory.js';
import { publishBriefing } from '../../server/commands/publishing/publishBriefing.js';
import { publishCorrection } from '../../server/commands/publishing/publishCorrection.js';
import type { Actor } from '../../server/policies/actor.js';
import { describeBrowser, launchChromium, screenshot, startLiveApp, type LiveApp } from './browserSupport.js';

describeBrowser('article page: "How this briefing was made" at desktop and phone widths', () => {
  let live: LiveApp;
  let browser: Browser;
  let path = '';

  beforeAll(async () => {
    live = await startLiveApp(DB_KINDS[0]);
    const u = await makeUser(live.t, ['editor']);
    const editor: Actor = actorFor(u);
    const b = await makeSourcedBriefing(live.t.db.prisma);
    const deps = live.t.booted.deps;
    await publishBriefing(deps, editor, { briefingId: b.briefingId });
    await addRevision(
      live.t.db.prisma,
      b.briefingId,
      exampleDraft({ title: 'China’s first streamlined rare earth licences: corrected supply notes' }),
    );
    path = (
      await publishCorrection(deps, editor, {
        briefingId: b.briefingId,
        note: 'The 2025 shipment figure was restated.',
      })
    ).path;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  test.each([
    ['desktop', 1280],
    ['phone', 375],
  ])('%s (%i px): the section is visible, after the text, and nothing scrolls sideways', async (name, width) => {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${live.url}${path}`);
    const section = page.getByRole('region', { name: 'How this briefing was made' });
    await section.scrollIntoViewIfNeeded();
    await expect(section.isVisible()).resolves.toBe(true);
    await expect(section.getByRole('listitem').count()).resolves.toBeGreaterThanOrEqual(4);
    await expect(section.getByRole('link', { name: 'Signed editorial record' }).isVisible()).resolves.toBe(true);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, `article-provenance-${width}`);
    await section.screenshot({ path: `test-artifacts/screenshots/article-provenance-section-${width}.png` });
    await context.close();
  });
});
