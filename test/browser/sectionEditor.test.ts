import path from 'node:path';
import type { Page } from 'playwright-core';
import { SCREENSHOTS, describeBrowser, logIn } from './browserSupport.js';
import { DRAFT, fixtureBriefing, useReviewerInChromium } from './groundingFixture.js';

// The fixture's draft with its two mistakes put right: every figure now matches the source.
const CLEAN_BRIEFING = DRAFT.thirtySecondBriefing.replace('rose 12%', 'fell 12%').replace('15 tonnes', '40 tonnes');
const ADDED = ' European manufacturers say delays are shorter.';

/** Double-clicks a word in a section's editor, as a person selects it to type over it. */
async function selectWord(page: Page, section: string, word: string, context: string): Promise<void> {
  const at = await page.evaluate(
    ([section, word, context]) => {
      const content = document.querySelector(`.cm-content[data-section="${section}"]`);
      if (!content) return null;
      // Decorations split the text into several nodes: find the context in their concatenation.
      const nodes: Text[] = [];
      const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
      const start =
        nodes
          .map((n) => n.data)
          .join('')
          .indexOf(context) + context.indexOf(word);
      if (start < context.indexOf(word)) return null;
      let offset = start;
      const node = nodes.find((n) => (offset < n.data.length ? true : ((offset -= n.data.length), false)));
      if (!node) return null;
      node.parentElement?.scrollIntoView({ block: 'center' });
      const r = document.createRange();
      r.setStart(node, offset);
      r.setEnd(node, Math.min(node.data.length, offset + word.length));
      const b = r.getBoundingClientRect();
      return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
      return null;
    },
    [section, word, context],
  );
  if (!at) throw new Error(`"${context}" is not in the ${section} editor`);
  await page.mouse.dblclick(at.x, at.y);
}

describeBrowser('the section editor in Chromium: re-check as you type, track changes', () => {
  const s = useReviewerInChromium();

  test('a wrong figure typed into a section is flagged before any save, fixing it clears the flag; track changes names the reviewer', async () => {
    const b = await fixtureBriefing(s.live, { thirtySecondBriefing: CLEAN_BRIEFING });
    const revisions = () => s.live.t.db.prisma.revision.count({ where: { briefingId: b.briefingId } });
    const page = await s.browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(15_000);
    const cspErrors: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    // Every CSP refusal, with what was refused (the console only says that something was).
    await page.addInitScript(() => {
      const seen: string[] = ((window as unknown as { __csp: string[] }).__csp = []);
      document.addEventListener('securitypolicyviolation', (e) =>
        seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample} ${e.sourceFile}:${e.lineNumber}`),
      );
    });
    await logIn(page, s.live.url, s.reviewer.email, s.reviewer.password);
    await page.goto(`${s.live.url}/briefings/${b.briefingId}`);

    // The editor replaced the textarea, is named by the section's label, and its theme got past the CSP.
    const editor = page.getByRole('textbox', { name: /^Edit 30 Second Briefing/ });
    await editor.waitFor();
    expect(await page.locator('#edit-thirtySecondBriefing').isHidden()).toBe(true);
    expect(
      await page
        .locator('.cm-editor')
        .first()
        .evaluate((e) => getComputedStyle(e).display),
    ).toBe('flex');
    const status = page.locator('#live-status-thirtySecondBriefing');
    const heading = page.locator('#section-thirtySecondBriefing-title');
    expect(await heading.locator('.flag-count').count()).toBe(0);

    // Typing a figure the source does not have: flagged as typed, marked in the text, nothing saved.
    await selectWord(page, 'thirtySecondBriefing', '40', '40 tonnes');
    await page.keyboard.type('45');
    await status.getByText(/1 blocking flag/).waitFor();
    const flag = page.locator('[data-editor-for="thirtySecondBriefing"] .live-flags li');
    expect(await flag.count()).toBe(1);
    expect(await flag.locator('mark').innerText()).toBe('45');
    expect(await flag.innerText()).toMatch(/new/);
    expect(await page.locator('.cm-content[data-section="thirtySecondBriefing"] .cm-flag-blocking').innerText()).toBe(
      '45',
    );
    expect(await heading.locator('.flag-count').innerText()).toBe('1 blocking flag');
    expect(await page.locator('#edit-thirtySecondBriefing').inputValue()).toContain('45 tonnes');
    expect(await revisions()).toBe(1);
    await page.locator('#section-thirtySecondBriefing').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'editor-typing-flag.png') });

    // Putting the source's figure back clears it, still without a save.
    await selectWord(page, 'thirtySecondBriefing', '45', '45 tonnes');
    await page.keyboard.type('40');
    await status.getByText(/no open flags/).waitFor();
    expect(await page.locator('[data-editor-for="thirtySecondBriefing"] .live-flags li').count()).toBe(0);
    expect(await page.locator('.cm-content[data-section="thirtySecondBriefing"] .cm-flag').count()).toBe(0);
    expect(await heading.locator('.flag-count').count()).toBe(0);
    expect(await revisions()).toBe(1);

    // A sentence added to Our Take, then saved as a revision.
    const ourTake = page.getByRole('textbox', { name: /^Edit Our Take/ });
    await ourTake.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(ADDED);
    await page
      .locator('#live-status-ourTake')
      .getByText(/Re-checked Our Take/)
      .waitFor();
    await page.locator('#section-thirtySecondBriefing').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'editor-fixed.png') });
    await Promise.all([
      page.waitForURL(new RegExp(`/briefings/${b.briefingId}$`)),
      page.getByRole('button', { name: 'Save as new revision' }).click(),
    ]);
    await page.getByText('Saved as revision 2.').waitFor();
    expect(await revisions()).toBe(2);

    // Track changes: the insertion is shown against the first AI draft, in the reviewer's name.
    await page.getByRole('link', { name: 'Show track changes in Our Take' }).click();
    const changes = page.locator('#changes-ourTake');
    await changes.locator('ins').first().waitFor();
    expect((await changes.locator('ins').allInnerTexts()).join('')).toContain(ADDED.trim());
    expect(await changes.locator('.change-by').first().innerText()).toBe('Tom Sullivan');
    expect(await changes.locator('ins').first().getAttribute('title')).toBe('Added by Tom Sullivan in revision 2');
    expect(await page.locator('#edit-ourTake').inputValue()).toContain(ADDED.trim());
    await page.locator('#section-ourTake').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'track-changes.png') });

    // Without JavaScript it is the same page with ?changes=1.
    const plain = await s.browser.newPage({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    await plain.context().addCookies(await page.context().cookies());
    await plain.goto(`${s.live.url}/briefings/${b.briefingId}?changes=1`);
    expect(await plain.locator('#changes-ourTake ins').first().getAttribute('title')).toBe(
      'Added by Tom Sullivan in revision 2',
    );
    await plain.close();

    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
    expect(cspErrors).toEqual([]);
    await page.close();
  }, 120_000);
});
