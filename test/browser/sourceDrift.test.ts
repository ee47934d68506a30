import type { Browser } from 'playwright-core';
import { makeUser, signIn } from '../support/testApp.js';
import { DB_KINDS } from '../support/testDb.js';
import { cleanContent, makeReviewBriefing } from '../support/reviewFactory.js';
import { startFeedServer, type FeedServer } from '../support/feedServer.js';
import { ARTICLE_PARAGRAPHS, articlePage, linkPageSource, serveArticle } from '../support/driftFactory.js';
import { runDriftPass } from '../../server/workers/sourceDrift.js';
import { describeBrowser, launchChromium, logIn, screenshot, startLiveApp, type LiveApp } from './browserSupport.js';

describeBrowser('source drift: the briefing marked "source changed" and the word diff', () => {
  let live: LiveApp;
  let server: FeedServer;
  let browser: Browser;
  let briefingId = '';
  let email = '';
  let password = '';

  beforeAll(async () => {
    live = await startLiveApp(DB_KINDS[0], { SOURCES_ALLOW_PRIVATE_FETCH: 'true' });
    server = await startFeedServer();
    const t = live.t;
    const editorUser = await makeUser(t, ['editor']);
    const reviewerUser = await makeUser(t, ['reviewer'], { displayName: 'Tom Sullivan' });
    ({ email, password } = editorUser);
    const editor = await signIn(t, editorUser);
    const b = await makeReviewBriefing(t.db.prisma, {
      state: 'approved',
      signedBy: reviewerUser,
      createdById: editorUser.id,
      content: (id) => cleanContent(id, { slug: 'lynas-drift-screenshot' }),
    });
    briefingId = b.briefingId;
    serveArticle(server, '/lynas', articlePage(ARTICLE_PARAGRAPHS), '"v1"');
    await linkPageSource(t.db.prisma, briefingId, server.url('/lynas'), 1);
    await editor.agent
      .post(`/api/briefings/${briefingId}/publish`)
      .set('X-CSRF-Token', editor.csrf)
      .send({})
      .expect(201);
    serveArticle(
      server,
      '/lynas',
      articlePage([
        ARTICLE_PARAGRAPHS[0].replace('1,200 tonnes', '950 tonnes').replace('a record for the site', 'below guidance'),
        ARTICLE_PARAGRAPHS[1],
        ARTICLE_PARAGRAPHS[2].replace('were continuing', 'had been suspended'),
      ]),
      '"v2"',
    );
    // Nothing here should time out: room for a loaded machine.
    const settings = { ...t.booted.deps.config.drift, hostGapSeconds: 0, timeoutMs: 20_000 };
    const pass = await runDriftPass(t.db.prisma, 'screenshot', settings, { allowPrivate: true }, () => new Date());
    expect(pass.checks.map((c) => c.outcome)).toEqual(['changed']);
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await live?.close();
  });

  test('the briefing page shows the mark, the diff page shows old → new and the reopen button', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await logIn(page, live.url, email, password);
    await page.goto(`${live.url}/briefings/${briefingId}`);
    const banner = page.getByRole('status').filter({ hasText: 'Source changed' });
    await expect(banner.isVisible()).resolves.toBe(true);
    await expect(banner.getByRole('button', { name: 'Reopen for a correction' }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'drift-briefing');

    await banner.getByRole('link', { name: /word diff/ }).click();
    await page.waitForURL(`**/briefings/${briefingId}/source-drift`);
    await expect(page.locator('.diff del').first().textContent()).resolves.toContain('1,200');
    await expect(page.locator('.diff ins').first().textContent()).resolves.toContain('950');
    await expect(page.getByRole('button', { name: 'Reopen for a correction' }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'drift-diff');

    await page.goto(`${live.url}/briefings?tab=all`);
    await expect(page.getByRole('link', { name: 'Source changed' }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'drift-queue');
    await context.close();
  });
});
