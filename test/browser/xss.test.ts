import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Prisma } from '../../server/generated/prisma/client.js';
import { contentHash, type RevisionContent } from '../../server/review/content.js';
import { groundContent } from '../../server/review/grounding.js';
import { makeUser, type TestUser } from '../support/testApp.js';
import { DB_KINDS } from '../support/testDb.js';
import { describeBrowser, launchChromium, logIn, screenshot, startLiveApp, type LiveApp } from './browserSupport.js';

const FIXTURES = path.resolve('test/fixtures/xss');
const PAYLOADS = [
  'XSS_Polyglots.txt',
  'BRUTELOGIC-XSS-STRINGS.txt',
  'RSNAKE_XSS.txt',
  'port_swigger_xss_cheatsheet_event_handlers.txt',
]
  .flatMap((f) => readFileSync(path.join(FIXTURES, f), 'utf8').split('\n'))
  .map((l) => l.trim())
  .filter(Boolean);

const chunks = <T>(xs: T[], n: number): T[][] =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/** Whatever a payload might call or set, recorded instead of (and as well as) run. */
const TRAP = `
  window.__xss = [];
  ['alert', 'confirm', 'prompt', 'print'].forEach(function (name) {
    var orig = window[name];
    window[name] = function () { window.__xss.push(name); return orig && orig.apply(window, arguments); };
  });
`;

/** Markup that only a payload could have produced: none of our pages contain any of it. */
async function injectedMarkup(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const el of Array.from(document.querySelectorAll('*'))) {
      for (const a of Array.from(el.attributes)) {
        if (/^on/i.test(a.name)) found.push(`<${el.tagName.toLowerCase()} ${a.name}>`);
        if (
          ['href', 'src', 'action', 'formaction', 'data', 'xlink:href'].includes(a.name.toLowerCase()) &&
          /^\s*(javascript|vbscript|data):/i.test(a.value)
        )
          found.push(`${a.name}=${a.value.slice(0, 40)}`);
      }
    }
    document.querySelectorAll('script').forEach((s) => {
      if (!/^\/assets\/js\//.test(s.getAttribute('src') ?? '')) found.push('inline <script>');
    });
    document
      .querySelectorAll(
        'body iframe, body object, body embed, body svg, body math, body img, body video, body audio, body isindex, body marquee, body base, body meta, body frameset, body applet, body style',
      )
      .forEach((e) => found.push(`<${e.tagName.toLowerCase()}>`));
    return found;
  });
}

describeBrowser('XSS payloads render inert on every review page (real Chromium)', () => {
  let live: LiveApp;
  let browser: Browser;
  let reviewer: TestUser;
  let briefingId = '';
  let revisionIds: string[] = [];

  beforeAll(async () => {
    live = await startLiveApp(DB_KINDS[0]);
    browser = await launchChromium();
    const db = live.t.db.prisma;
    reviewer = await makeUser(live.t, ['reviewer', 'editor'], { displayName: 'Xss Reviewer' });
    // Sources: hostile titles and bodies (every payload appears in some body).
    const bodies = chunks(PAYLOADS, 40);
    const sources: { id: string }[] = [];
    for (let i = 0; i < bodies.length; i++) {
      sources.push(
        await db.source.create({
          data: {
            canonicalUrl: `https://example.test/xss-${i}`,
            url: i === 0 ? 'javascript:alert(1)' : `https://example.test/xss-${i}`,
            publisher: PAYLOADS[i + 20],
            title: PAYLOADS[i],
            fetchedAt: new Date(),
            text: bodies[i].join('\n\n'),
            contentHash: `xss-${i}`,
            origin: 'api',
          },
          select: { id: true },
        }),
      );
    }
    const content = (variant: string): RevisionContent => ({
      title: PAYLOADS[1],
      slug: 'xss',
      thirtySecondBriefing: PAYLOADS.slice(0, 30).join(' '),
      technicalBrief: PAYLOADS.map((p) => ({ text: p, sourceIds: [sources[0].id] })),
      ourTake: chunks(PAYLOADS, 80).map((c) => `${variant} ${c.join(' ')}`),
      keywords: PAYLOADS.slice(40, 50),
      industries: [PAYLOADS[2]],
      products: [PAYLOADS[3]],
      claims: PAYLOADS.slice(0, 25).map((p, i) => ({
        text: p,
        sourceId: sources[Math.floor(i / 40)].id,
        evidenceQuote: p,
      })),
    });
    const b = await db.briefing.create({
      data: {
        title: PAYLOADS[1],
        leadSourceId: sources[0].id,
        createdById: reviewer.id,
        assigneeId: reviewer.id,
        state: 'in_review',
      },
      select: { id: true },
    });
    briefingId = b.id;
    await db.briefingSource.createMany({
      data: sources.map((s, i) => ({ briefingId, sourceId: s.id, role: i ? 'related' : 'lead', rank: i })),
    });
    const gen = await db.generation.create({
      data: {
        briefingId,
        kind: 'draft',
        status: 'succeeded',
        model: PAYLOADS[4],
        templateVersion: PAYLOADS[5],
        instructions: PAYLOADS[6],
        finishedAt: new Date(),
      },
      select: { id: true },
    });
    revisionIds = [];
    for (const [i, variant] of ['First', 'Second'].entries()) {
      const c = content(variant);
      const grounding = await groundContent(db, briefingId, c, []);
      const r = await db.revision.create({
        data: {
          briefingId,
          number: i + 1,
          content: c as unknown as Prisma.InputJsonValue,
          contentHash: contentHash(c),
          grounding: grounding as unknown as Prisma.InputJsonValue,
          generationId: i === 0 ? gen.id : null,
          authorId: i === 0 ? null : reviewer.id,
          note: PAYLOADS[7],
        },
        select: { id: true },
      });
      revisionIds.push(r.id);
    }
    await db.briefing.update({ where: { id: briefingId }, data: { currentRevisionId: revisionIds[1] } });
    for (const [i, c] of chunks(PAYLOADS, 12).entries()) {
      const root = await db.comment.create({
        data: {
          briefingId,
          authorId: reviewer.id,
          body: c.join('\n'),
          section: i % 2 ? 'ourTake' : null,
          mentions: [],
        },
        select: { id: true },
      });
      await db.comment.create({
        data: { briefingId, authorId: reviewer.id, parentId: root.id, body: c.reverse().join(' '), mentions: [] },
      });
    }
    await db.notification.createMany({
      data: PAYLOADS.slice(0, 20).map((p) => ({
        userId: reviewer.id,
        kind: 'mention',
        briefingId,
        message: p,
        link: p,
      })),
    });
    await db.user.update({ where: { id: reviewer.id }, data: { displayName: PAYLOADS[8].slice(0, 120) } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });

  test(`${PAYLOADS.length} payloads in source titles and bodies, comments and LLM output: no dialog, no handler, no injected markup`, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const dialogs: string[] = [];
    const consoleProblems: string[] = [];
    const strayRequests: string[] = [];
    await page.addInitScript(TRAP);
    page.on('dialog', (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (
        (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) ||
        /Content Security Policy|Refused to/i.test(m.text())
      )
        consoleProblems.push(m.text());
    });
    page.on('pageerror', (e) => consoleProblems.push(`pageerror: ${e.message}`));
    page.on('response', (r) => {
      if (r.status() >= 400) consoleProblems.push(`${r.status()} ${r.url()}`);
    });
    page.on('request', (r) => {
      const u = new URL(r.url());
      const ours =
        u.origin === live.url &&
        (/^\/(assets|api)\//.test(u.pathname) || /^\/(briefings|notifications|login|desk)/.test(u.pathname));
      if (!ours) strayRequests.push(r.url());
    });

    await logIn(page, live.url, reviewer.email, reviewer.password);
    const pages = [
      '/briefings?tab=all',
      '/briefings?tab=assigned',
      `/briefings/${briefingId}`,
      `/briefings/${briefingId}?claim=0`,
      `/briefings/${briefingId}?claim=3`,
      `/briefings/${briefingId}/history`,
      `/briefings/${briefingId}/diff?from=${revisionIds[0]}&to=${revisionIds[1]}`,
      '/notifications',
    ];
    const problems: Record<string, string[]> = {};
    for (const p of pages) {
      await page.goto(live.url + p, { waitUntil: 'load' });
      // Give attribute handlers (onload, onfocus, autofocus tricks) and deferred scripts their chance.
      await page.keyboard.press('Tab');
      await page.mouse.move(200, 300);
      await page.waitForTimeout(150);
      const injected = await injectedMarkup(page);
      const trapped = await page.evaluate(() => (window as unknown as { __xss: string[] }).__xss);
      if (injected.length || trapped.length)
        problems[p] = [...injected.slice(0, 10), ...trapped.map((x) => `called ${x}`)];
    }
    await screenshot(page, 'xss-draft-page');

    // Live preview: hostile Markdown goes through the server's sanitiser into the page.
    await page.goto(`${live.url}/briefings/${briefingId}`);
    // The section's editor (CodeMirror over the textarea, which it keeps in sync and hidden).
    const editor = page.getByRole('textbox', { name: /^Edit Our Take/ });
    // Select all and paste, as a person would. (Playwright's fill() and insertText() go through
    // Chromium's own editing commands instead, which copy styles onto the editor's lines as inline
    // style attributes; the CSP refuses those and reports it. A real paste never takes that path.)
    const previewBefore = await page.locator('#preview-ourTake').innerHTML();
    await editor.click();
    await page.keyboard.press('Control+a');
    await editor.evaluate((el, text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, PAYLOADS.slice(0, 60).join('\n\n'));
    await page.waitForResponse((r) => r.url().endsWith('/api/review/preview'));
    // Checked once the preview shows the pasted text, not after a fixed time that a slow page may need.
    await page.waitForFunction(
      (before) => document.getElementById('preview-ourTake')!.innerHTML !== before,
      previewBefore,
    );
    const previewProblems = await injectedMarkup(page);
    if (previewProblems.length) problems['live preview'] = previewProblems.slice(0, 10);

    expect(problems).toEqual({});
    expect(dialogs).toEqual([]);
    expect(consoleProblems).toEqual([]);
    expect(strayRequests).toEqual([]);
    // The payloads are on the page as text, not silently dropped.
    await page.goto(`${live.url}/briefings/${briefingId}`);
    expect(await page.locator('#briefing-title').textContent()).toBe(PAYLOADS[1]);
    await context.close();
  }, 180_000);
});
