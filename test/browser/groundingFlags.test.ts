import path from 'node:path';
import { SCREENSHOTS, describeBrowser, logIn, screenshot } from './browserSupport.js';
import { DRAFT, fixtureBriefing, useReviewerInChromium } from './groundingFixture.js';

describeBrowser('grounding flags on the draft page in Chromium', () => {
  const s = useReviewerInChromium();

  test('a reversed direction and a moved figure show both spans; "I fixed this" without a change is refused', async () => {
    const b = await fixtureBriefing(s.live);
    const page = await s.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logIn(page, s.live.url, s.reviewer.email, s.reviewer.password);
    await page.goto(`${s.live.url}/briefings/${b.briefingId}`);

    const direction = page.locator('.flag-item[data-flag-kind="direction"]');
    await direction.waitFor();
    await direction.getByText("Draft says 'rose'; the closest source passage (S1, paragraph 3) says 'fell'.").waitFor();
    expect(await direction.locator('dd mark.flag').innerText()).toBe('rose');
    expect(await direction.locator('dd mark.evidence').innerText()).toBe('fell');
    const figure = page.locator('.flag-item[data-flag-kind="figure_mismatch"]');
    expect(await figure.locator('dd mark.flag').innerText()).toBe('15');
    expect(await figure.locator('dd mark.evidence').innerText()).toBe('40');
    // The source side is marked in the source's own text too.
    expect(await page.locator('.source-text mark.flag-evidence').allInnerTexts()).toEqual(['fell', '40']);
    await direction.scrollIntoViewIfNeeded();
    await screenshot(page, 'grounding-flags');
    // The section with its flags and the source beside it, at reading size.
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.locator('#section-thirtySecondBriefing').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'grounding-flags-section.png') });

    // Claiming the fix without changing the text: nothing saved, the flag named, the text kept.
    await direction.getByLabel(/I fixed this/).check();
    await page.getByLabel(/^Edit Title/).fill('China eases rare earth exports');
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Save as new revision' }).click(),
    ]);
    await page.getByRole('heading', { name: 'Not saved: a flag you marked fixed is still there' }).waitFor();
    await screenshot(page, 'grounding-flag-not-fixed');
    await page.locator('#unresolved-title').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'grounding-flag-not-fixed-top.png') });
    expect(await s.live.t.db.prisma.revision.count({ where: { briefingId: b.briefingId } })).toBe(1);

    // Changing the text: saved, and the flag is gone.
    await page.getByLabel(/^Edit 30 Second Briefing/).fill(DRAFT.thirtySecondBriefing.replace('rose 12%', 'fell 12%'));
    await Promise.all([
      page.waitForURL(new RegExp(`/briefings/${b.briefingId}$`)),
      page.getByRole('button', { name: 'Save as new revision' }).click(),
    ]);
    await page.getByText('Saved as revision 2.').waitFor();
    expect(await page.locator('.flag-item[data-flag-kind="direction"]').count()).toBe(0);
    await page.close();
  });
});
