import type { Browser } from 'playwright-core';
import { makeUser, actorFor } from '../support/testApp.js';
import { DB_KINDS } from '../support/testDb.js';
import { addRevision, exampleDraft, makeSourcedBriefing } from '../support/publishingFactory.js';
import { publishBriefing } from '../../server/commands/publishing/publishBriefing.js';
import type { Actor } from '../../server/policies/actor.js';
import { describeBrowser, launchChromium, screenshot, startLiveApp, type LiveApp } from './browserSupport.js';

describeBrowser('story updates on the public site: "Update" and "Earlier" at desktop and phone widths', () => {
  let live: LiveApp;
  let browser: Browser;

  beforeAll(async () => {
    live = await startLiveApp(DB_KINDS[0]);
    const u = await makeUser(live.t, ['editor']);
    const editor: Actor = actorFor(u);
    const deps = live.t.booted.deps;
    const db = live.t.db.prisma;
    const earlier = await makeSourcedBriefing(db);
    await publishBriefing(deps, editor, { briefingId: earlier.briefingId, slug: 'rare-earth-licences' });
    // An update started from the published briefing (the start itself is tested in test/db/storyUpdates.test.ts).
    const update = await makeSourcedBriefing(db);
    await db.briefing.update({ where: { id: update.briefingId }, data: { updateOfId: earlier.briefingId } });
    await addRevision(
      db,
      update.briefingId,
      exampleDraft({ title: 'Rare earth licences, three months on: shipments recover for licensed magnet makers' }),
    );
    await publishBriefing(deps, editor, { briefingId: update.briefingId, slug: 'rare-earth-licences-update' });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  test.each([
    ['desktop', 1280],
    ['phone', 375],
  ])(
    '%s (%i px): each page links the other at the top of the article; nothing scrolls sideways',
    async (_name, width) => {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();

      await page.goto(`${live.url}/news/rare-earth-licences`);
      const forward = page.getByRole('complementary', { name: 'Other briefings on this story' });
      await expect(forward.isVisible()).resolves.toBe(true);
      await expect(forward.textContent()).resolves.toContain('Update');
      await screenshot(page, `story-earlier-page-${width}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(
        0,
      );

      // A reader follows it to the update, which points back.
      await forward.getByRole('link', { name: /three months on/ }).click();
      await page.waitForURL(/\/news\/rare-earth-licences-update$/);
      const back = page.getByRole('complementary', { name: 'Other briefings on this story' });
      await expect(back.textContent()).resolves.toContain('Earlier');
      await expect(back.getByRole('link').getAttribute('href')).resolves.toBe('/news/rare-earth-licences');
      await screenshot(page, `story-update-page-${width}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(
        0,
      );
      await context.close();
    },
  );
});
