import type { Browser } from 'playwright-core';
import { makeUser } from '../support/testApp.js';
import { DB_KINDS } from '../support/testDb.js';
import { makeReviewBriefing } from '../support/reviewFactory.js';
import { describeBrowser, launchChromium, logIn, screenshot, startLiveApp, type LiveApp } from './browserSupport.js';

describeBrowser('draft page: an editor in Berlin schedules, sees the time in Berlin time, and cancels', () => {
  let live: LiveApp;
  let browser: Browser;
  let briefingId = '';
  let email = '';
  let password = '';

  beforeAll(async () => {
    live = await startLiveApp(DB_KINDS[0]);
    const editor = await makeUser(live.t, ['editor'], { displayName: 'Elena Editor' });
    const reviewer = await makeUser(live.t, ['reviewer'], { displayName: 'Rita Reviewer' });
    await live.t.db.prisma.user.update({ where: { id: editor.id }, data: { timezone: 'Europe/Berlin' } });
    ({ email, password } = editor);
    briefingId = (
      await makeReviewBriefing(live.t.db.prisma, { state: 'approved', signedBy: reviewer, createdById: editor.id })
    ).briefingId;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  test('the form takes Berlin wall-clock time; the stored instant is UTC; cancel clears it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await logIn(page, live.url, email, password);
    await page.goto(`${live.url}/briefings/${briefingId}`);
    const panel = page.getByRole('region', { name: 'Scheduled publishing' });
    await panel.getByLabel(/Publish the signed revision at/).fill('2031-07-01T09:30');
    await panel.getByRole('button', { name: 'Schedule publication' }).click();
    await page.waitForURL(/#schedule$/);
    const row = await live.t.db.prisma.publishSchedule.findFirstOrThrow({ where: { briefingId } });
    expect(row.runAt.toISOString()).toBe('2031-07-01T07:30:00.000Z');
    await expect(panel.getByRole('status').textContent()).resolves.toContain('1 Jul 2031, 09:30');
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'schedule-panel-pending');
    await panel.screenshot({ path: 'test-artifacts/screenshots/schedule-panel-pending-section.png' });
    await panel.getByRole('button', { name: 'Cancel the scheduled publication' }).click();
    await page.waitForURL(/#schedule$/);
    await expect(panel.textContent()).resolves.toContain('was voided: Cancelled by Elena Editor.');
    await panel.screenshot({ path: 'test-artifacts/screenshots/schedule-panel-cancelled-section.png' });
    await context.close();
  });
});
