import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { makeReviewBriefing, reviewContent } from '../support/reviewFactory.js';
import { SCREENSHOTS, describeBrowser, logIn, screenshot } from './browserSupport.js';
import { SOURCE, fixtureBriefing, useReviewerInChromium } from './groundingFixture.js';

const RELATED = {
  title: 'Magnet makers welcome the licences',
  publisher: 'Example Wire',
  text:
    'Magnet makers said the one-year licences would cut paperwork for European customers.\n\n' +
    'Analysts expect supply risk to turn more on policy stability than on physical scarcity.',
};

/** What a person sees in the window (the full-page shots of the suite show the rest). */
async function view(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

const XSS = path.resolve('test/fixtures/xss');
const PAYLOADS = [
  'XSS_Polyglots.txt',
  'BRUTELOGIC-XSS-STRINGS.txt',
  'RSNAKE_XSS.txt',
  'port_swigger_xss_cheatsheet_event_handlers.txt',
]
  .flatMap((f) => readFileSync(path.join(XSS, f), 'utf8').split('\n').slice(0, 30))
  .map((l) => l.trim())
  .filter(Boolean);

/** Whatever a payload might call, recorded (the xss suite's trap). */
const TRAP = `
  window.__xss = [];
  ['alert', 'confirm', 'prompt', 'print'].forEach(function (name) {
    window[name] = function () { window.__xss.push(name); };
  });
`;

/** Elements and attributes only a payload could have produced. */
const injected = (page: Page) =>
  page.evaluate(() => {
    const found: string[] = [];
    for (const el of Array.from(document.querySelectorAll('*')))
      for (const a of Array.from(el.attributes)) {
        if (/^on/i.test(a.name)) found.push(`<${el.tagName.toLowerCase()} ${a.name}>`);
        if (/^(href|src|action|formaction|data)$/i.test(a.name) && /^\s*(javascript|vbscript|data):/i.test(a.value))
          found.push(`${a.name}=${a.value.slice(0, 40)}`);
      }
    document.querySelectorAll('script').forEach((el) => {
      if (!/^\/assets\/js\//.test(el.getAttribute('src') ?? '')) found.push('inline <script>');
    });
    document
      .querySelectorAll(
        'body iframe, body object, body embed, body svg, body math, body img, body video, body audio, body base, body style',
      )
      .forEach((el) => found.push(`<${el.tagName.toLowerCase()}>`));
    return found;
  });

const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describeBrowser('the review workspace in Chromium', () => {
  const s = useReviewerInChromium();

  test('at 1280 px the draft and its sources sit side by side; choosing a sentence highlights its passage and what differs', async () => {
    const b = await fixtureBriefing(s.live, { assigneeId: s.reviewer.id, related: [RELATED] });
    const page = await s.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await logIn(page, s.live.url, s.reviewer.email, s.reviewer.password);
    await page.goto(`${s.live.url}/briefings/${b.briefingId}`);

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
    await screenshot(page, 'workspace-1280-page');
    await page.locator('#workspace').evaluate((el) => el.scrollIntoView());
    await view(page, 'workspace-1280');

    // The sentence with the reversed direction and the moved figure: the draft says rose and 15, the source fell and 40.
    const sentence = page.locator('a.sentence', { hasText: '15 tonnes' });
    await sentence.click();
    expect(await sentence.getAttribute('class')).toContain('selected');
    const passageIds = (await sentence.getAttribute('data-passages'))!.split(' ');
    const passage = page.locator(`[id="${passageIds[0]}"]`);
    expect(await passage.getAttribute('class')).toContain('selected');
    expect(await passage.innerText()).toContain('40');
    // Both sides mark the figure, and the passage is scrolled into the sources panel's view.
    expect(await sentence.locator('mark.flag').allInnerTexts()).toEqual(['rose', '15']);
    expect(await page.locator('.passage.selected mark.flag-evidence').allInnerTexts()).toEqual(['fell', '40']);
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
    // What differs is highlighted on both sides once the sentence is chosen.
    const differs = await page.evaluate(() =>
      ['a.sentence.selected mark.diff', '.passage.selected mark.diff'].map((sel) =>
        [...document.querySelectorAll(sel)].map((m) => [m.textContent, getComputedStyle(m).backgroundColor]),
      ),
    );
    const marked = 'rgb(255, 224, 138)';
    expect(differs).toEqual([
      [
        ['project teams', marked],
        ['now', marked],
      ],
      [['Analysts expect', marked]],
    ]);
    await view(page, 'workspace-selected-related');
    await sentence.click();
    await view(page, 'workspace-selected');
    await page.close();
  });

  test('the draft reads as published: Markdown is rendered, not shown, and its sentences still find their passages', async () => {
    const take =
      'For **project teams**, supply risk now turns more on [policy stability](https://example.org/policy) than on `physical scarcity`.';
    const b = await fixtureBriefing(s.live, { assigneeId: s.reviewer.id, related: [RELATED], ourTake: [take] });
    const page = await s.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await logIn(page, s.live.url, s.reviewer.email, s.reviewer.password);
    await page.goto(`${s.live.url}/briefings/${b.briefingId}`);

    const text = page.locator('#section-ourTake .section-text');
    expect(await text.innerText()).toContain(
      'For project teams, supply risk now turns more on policy stability than on physical scarcity.',
    );
    expect(await text.innerText()).not.toMatch(/\*\*|\]\(|`/);
    expect(await text.locator('strong').allInnerTexts()).toEqual(['project teams']);
    expect(await text.locator('code').allInnerTexts()).toEqual(['physical scarcity']);
    expect(await text.locator('.md-link').getAttribute('title')).toBe('https://example.org/policy');
    // The formatting sits inside the sentence, which stays one link to its passage in the related source.
    const sentence = text.locator('a.sentence');
    await sentence.click();
    const passage = page.locator(`[id="${(await sentence.getAttribute('data-passages'))!.split(' ')[0]}"]`);
    expect(await passage.innerText()).toContain('policy stability');
    await text.scrollIntoViewIfNeeded();
    await view(page, 'workspace-markdown');
    await page.close();
  });

  test('keyboard only: the keys overlay, every open flag walked and acknowledged with a note, then sign-off', async () => {
    const b = await fixtureBriefing(s.live, { assigneeId: s.reviewer.id, related: [RELATED] });
    const page = await s.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await logIn(page, s.live.url, s.reviewer.email, s.reviewer.password);
    await page.goto(`${s.live.url}/briefings/${b.briefingId}`);

    await page.keyboard.press('?');
    const keys = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await keys.waitFor();
    expect(await keys.innerText()).toContain('Next / previous open flag');
    await view(page, 'workspace-keys-overlay');
    await page.keyboard.press('Escape');
    await keys.waitFor({ state: 'hidden' });

    const open = await page.locator('.flag-item:not(.done)').count();
    expect(open).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < open; i++) {
      await page.keyboard.press('n');
      await page.waitForFunction(() => /open\. Press a/.test(document.getElementById('ws-live')!.textContent ?? ''));
      // The chosen sentence has focus, visibly.
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        return { sentence: el.classList.contains('sentence'), outline: getComputedStyle(el).outlineStyle };
      });
      expect(focused).toEqual({ sentence: true, outline: expect.not.stringMatching(/^none$/) });
      await page.keyboard.press('a');
      const note = await activeId(page);
      expect(note).toMatch(/^ack-note-/);
      await page.keyboard.type('Checked against the ministry statement.');
      await Promise.all([
        page.waitForURL((u) => u.hash === `#flag-${note.slice('ack-note-'.length)}`),
        page.keyboard.press('Enter'),
      ]);
      await page.getByText('Flag acknowledged as correct.').waitFor();
    }
    await page.keyboard.press('n');
    await page.waitForFunction(() => /No open flags/.test(document.getElementById('ws-live')!.textContent ?? ''));
    await page.keyboard.press('s');
    expect(await activeId(page)).toBe('signoff-password');
    expect(await page.locator('#signoff-title').innerText()).toBe('Ready to sign off');
    await view(page, 'workspace-signoff');
    await page.keyboard.type(s.reviewer.password);
    await Promise.all([page.waitForURL(new RegExp(`/briefings/${b.briefingId}$`)), page.keyboard.press('Enter')]);
    await page.getByText('Signed off by Tom Sullivan.').waitFor();
    expect(await page.locator('[data-state]').getAttribute('data-state')).toBe('approved');
    await page.close();
  }, 60_000);

  test('letters typed in an editor stay text; unsaved edits block sign-off; Ctrl+S saves', async () => {
    const b = await makeReviewBriefing(s.live.t.db.prisma, { assigneeId: s.reviewer.id });
    const page = await s.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await logIn(page, s.live.url, s.reviewer.email, s.reviewer.password);
    await page.goto(`${s.live.url}/briefings/${b.briefingId}`);
    // The section's editor (CodeMirror) keeps the form's textarea in step with what is typed.
    const editor = page.locator('.cm-content[data-section="thirtySecondBriefing"]');
    await editor.focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Buyers expect n j ? a s more.');
    expect(await page.locator('#edit-thirtySecondBriefing').inputValue()).toMatch(/Buyers expect n j \? a s more\.$/);
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('.cm-editor')))).toBe(true);
    expect(await page.locator('#ws-keys[open]').count()).toBe(0);
    expect(await page.locator('a.sentence.selected').count()).toBe(0);
    await page.locator('#sign-off [data-check="unsaved"].blocks').waitFor();
    expect(await page.locator('#signoff-title').innerText()).toBe('What blocks sign-off');
    await Promise.all([page.waitForURL(new RegExp(`/briefings/${b.briefingId}$`)), page.keyboard.press('Control+s')]);
    await page.getByText('Saved as revision 2.').waitFor();
    expect(await page.locator('#sign-off [data-check="unsaved"]').getAttribute('class')).toContain('ok');
    await page.close();
  });

  test.each([
    ['workspace-375', { viewport: { width: 375, height: 800 } }],
    // A 1280-px window at 200% zoom lays the page out in 640 CSS pixels.
    ['workspace-zoom200', { viewport: { width: 640, height: 900 }, deviceScaleFactor: 2 }],
  ])('%s: stacked with a draft / sources / sign-off toggle, no sideways scrolling', async (name, options) => {
    const b = await fixtureBriefing(s.live, { assigneeId: s.reviewer.id, related: [RELATED] });
    const context = await s.browser.newContext(options);
    const page = await context.newPage();
    await logIn(page, s.live.url, s.reviewer.email, s.reviewer.password);
    await page.goto(`${s.live.url}/briefings/${b.briefingId}`);
    expect(await overflow(page)).toBe(0);
    expect(await page.locator('#ws-sources').isVisible()).toBe(false);
    await page.locator('a.sentence', { hasText: '15 tonnes' }).click();
    await page.locator('#workspace').evaluate((el) => el.scrollIntoView());
    await view(page, name);
    // Opening the evidence shows the sources with the passage highlighted.
    await page.keyboard.press('e');
    expect(await page.locator('#ws-draft').isVisible()).toBe(false);
    const passage = page.locator('.passage.selected').first();
    expect(await passage.isVisible()).toBe(true);
    expect(await overflow(page)).toBe(0);
    await view(page, `${name}-sources`);
    for (const panel of ['Sign-off', 'Sources', 'Draft']) {
      await page
        .getByRole('navigation', { name: 'Workspace panels' })
        .getByRole('link', { name: new RegExp(`^${panel}`) })
        .click();
      expect({ panel, overflow: await overflow(page) }).toEqual({ panel, overflow: 0 });
    }
    expect(await page.locator('#ws-draft').isVisible()).toBe(true);
    await context.close();
  });

  test('sources carrying XSS payloads stay inert in the evidence panel while every sentence is chosen', async () => {
    // Each paragraph repeats the figure the draft cites, so the draft's sentences align with hostile passages.
    const hostile = PAYLOADS.map((p, i) => `Magnet exports rose ${i + 1}% in March, officials said ${p} today.`);
    const b = await makeReviewBriefing(s.live.t.db.prisma, {
      assigneeId: s.reviewer.id,
      sourceTitle: '<script>alert(1)</script>Rare earth <img src=x onerror=alert(2)>',
      related: [
        { title: '"><svg onload=alert(3)>', text: hostile.slice(0, 40).join('\n\n'), url: 'javascript:alert(4)' },
        { title: 'Second hostile source', text: hostile.slice(40).join('\n\n') },
      ],
      content: (id) =>
        reviewContent(id, {
          thirtySecondBriefing: 'Magnet exports rose 3% in March, officials said. Magnet exports rose 55% in March.',
          ourTake: ['Magnet exports rose 7% in March, officials said today.'],
        }),
    });
    const page = await s.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.addInitScript(TRAP);
    await logIn(page, s.live.url, s.reviewer.email, s.reviewer.password);
    await page.goto(`${s.live.url}/briefings/${b.briefingId}`);
    const sentences = await page.locator('a.sentence').count();
    expect(await page.locator('.passage').count()).toBeGreaterThan(0);
    for (let i = 0; i < sentences; i++) {
      await page.keyboard.press('j');
      await page.keyboard.press('e');
      await page.keyboard.press('Escape');
    }
    // The hostile passage is highlighted, and shows the payload as text.
    await page.locator('a.sentence', { hasText: 'rose 3%' }).click();
    const passage = page.locator('.passage.selected').first();
    expect(await passage.innerText()).toContain(PAYLOADS[2]);
    await view(page, 'workspace-xss');
    expect(await page.evaluate(() => (window as unknown as { __xss: string[] }).__xss)).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(await injected(page)).toEqual([]);
    expect(await page.locator('.source a[href^="javascript"]').count()).toBe(0);
    await page.close();
  });
});
