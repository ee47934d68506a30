import path from 'node:path';
import { SCREENSHOTS, describeBrowser, logIn, screenshot } from './browserSupport.js';
import { DRAFT, SOURCE, fixtureBriefing, useReviewerInChromium } from './groundingFixture.js';
import { makeReviewBriefing, reviewContent } from '../support/reviewFactory.js';

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

  test('a first name the sources never give is advisory: it does not block, and the surname is marked in the source', async () => {
    const b = await makeReviewBriefing(s.live.t.db.prisma, {
      sourceTitle: SOURCE.title,
      sourceText: `${SOURCE.text}\n\n"Buyers want certainty more than volume," Wang told reporters in Beijing.`,
      content: (id) =>
        reviewContent(id, {
          thirtySecondBriefing:
            'China has issued the first batch of simplified general export licences for rare earths to magnet makers JL Mag Rare Earth and Ningbo Yunsheng. Buyers want certainty more than volume, Mei Wang told reporters in Beijing.',
          ourTake: ['European manufacturers say delays are shorter but the criteria remain opaque.'],
          claims: [],
        }),
    });
    const page = await s.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logIn(page, s.live.url, s.reviewer.email, s.reviewer.password);
    await page.goto(`${s.live.url}/briefings/${b.briefingId}`);
    const flag = page.locator('.flag-item[data-flag-kind="given_name"]');
    await flag.waitFor();
    await flag.getByText('first name not in sources').waitFor();
    await flag
      .getByText(
        'Draft names "Mei Wang"; the sources call this person only "Wang" (S1, paragraph 5): check the full name.',
      )
      .waitFor();
    expect(await flag.getAttribute('class')).toMatch(/\bflag-advisory\b/);
    // Nothing else is said about the name, and nothing blocks sign-off.
    expect(await page.locator('.flag-item.flag-blocking').count()).toBe(0);
    expect(await page.locator('.source-text mark.flag-evidence').allInnerTexts()).toContain('Wang');
    await flag.scrollIntoViewIfNeeded();
    await screenshot(page, 'grounding-flag-given-name');
    await page.close();
  });
});
