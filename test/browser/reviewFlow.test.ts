import type { Browser, Page } from 'playwright-core';
import { behave, startFakeOpenAI, type FakeOpenAI } from '../support/fakeOpenAI.js';
import { LEAD_TEXT, makeSource } from '../support/draftingFactory.js';
import { makeUser, type TestUser } from '../support/testApp.js';
import { DB_KINDS } from '../support/testDb.js';
import { createWorkers } from '../../server/workers/index.js';
import type { Worker } from '../../server/workers/worker.js';
import { describeBrowser, launchChromium, logIn, screenshot, startLiveApp, type LiveApp } from './browserSupport.js';

/** What the fake model writes: "37 new licences" is in no source, so grounding flags it. */
const DRAFT = {
  title: 'China eases rare earth export licensing for magnet makers',
  slugSuggestion: 'china-eases-rare-earth-licensing',
  thirtySecondBriefing:
    'China has issued the first one-year general rare earth export licences to magnet producers. Shipments for 2025 remained about 20% down year-on-year.',
  technicalBrief: [{ text: 'Regulators granted 37 new licences this quarter.', sourceIds: ['S1'] }],
  ourTake: [
    'Supply risk is now about policy stability.',
    'Producers outside China keep qualifying alternative feedstock.',
  ],
  keywords: ['rare earths'],
  industries: ['Mining'],
  products: ['CMRR-io'],
  claims: [
    {
      text: 'Shipments for 2025 remained about 20% down.',
      sourceId: 'S1',
      evidenceQuote: 'shipments for 2025 remained about 20% down year-on-year',
    },
  ],
};

describeBrowser('review flow in Chromium: start → streamed draft → edit → flag → sign off → publish', () => {
  let fake: FakeOpenAI;
  let live: LiveApp;
  let workers: Worker[];
  let browser: Browser;
  let editor: TestUser;
  let reviewer: TestUser;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    fake.script(() => behave.json(DRAFT, { chunkDelayMs: 15, chunking: 'token' }));
    live = await startLiveApp(DB_KINDS[0], {
      OPENAI_BASE_URL: fake.url,
      OPENAI_API_KEY: 'test-key',
      OPENAI_MAX_RETRIES: '0',
    });
    workers = createWorkers(live.t.booted.deps).filter((w) => /generation/i.test(w.name));
    workers.forEach((w) => w.start());
    // The publisher's catalogue, as in the seed briefing: offered to the model, shown on the page.
    await live.t.db.prisma.catalogueItem.createMany({
      data: [
        {
          kind: 'industry',
          name: 'Mining',
          description: 'Geotechnical software solutions for mining operations.',
          keywords: ['mining', 'rare earths'],
        },
        {
          kind: 'product',
          name: 'CMRR-io',
          description: 'Coal mine roof stability assessments in the cloud.',
          keywords: ['mine roof'],
        },
      ],
    });
    editor = await makeUser(live.t, ['editor'], { displayName: 'Edna Editor' });
    reviewer = await makeUser(live.t, ['reviewer'], { displayName: 'Tom Sullivan' });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all((workers ?? []).map((w) => w.stop()));
    await live?.close();
    await fake?.close();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('dialog', (d) => void d.dismiss());
    return page;
  }

  test('an editor starts, a named reviewer signs off, the editor publishes, the site says "Reviewed by"', async () => {
    const lead = await makeSource(live.t, {
      title: 'China issues first general rare earth export licences',
      text: LEAD_TEXT,
      publisher: 'MINING.com',
      keywords: ['rare earth'],
    });

    // Editor: start a briefing from the source page.
    const ed = await newPage();
    await logIn(ed, live.url, editor.email, editor.password);
    await ed.goto(`${live.url}/sources/${lead.id}`);
    await screenshot(ed, 'source-page');
    await Promise.all([
      ed.waitForURL(/\/briefings\/[0-9a-f-]+/),
      ed.getByRole('button', { name: 'Start a briefing from this source' }).click(),
    ]);
    const briefingId = /\/briefings\/([0-9a-f-]{36})/.exec(ed.url())![1];
    // The draft streams in from the fake model, then the page reloads with the saved revision.
    const result = ed.getByRole('link', { name: 'Revision 1' });
    await result.waitFor({ timeout: 30_000 });
    await screenshot(ed, 'generation');
    await Promise.all([ed.waitForURL(new RegExp(`/briefings/${briefingId}$`)), result.click()]);
    await ed.getByRole('heading', { name: DRAFT.title }).waitFor();
    expect(await ed.locator('[data-state]').getAttribute('data-state')).toBe('in_review');
    expect(await ed.locator('#edit-form').count()).toBe(0);
    await screenshot(ed, 'draft-page-editor');

    // Reviewer: find it in the queue, edit a section, acknowledge the flag, sign off.
    const rv = await newPage();
    await logIn(rv, live.url, reviewer.email, reviewer.password);
    await rv.goto(`${live.url}/briefings?tab=awaiting`);
    await screenshot(rv, 'queue');
    await Promise.all([
      rv.waitForURL(new RegExp(`/briefings/${briefingId}$`)),
      rv.getByRole('link', { name: DRAFT.title }).click(),
    ]);
    const edit = rv.getByLabel(/^Edit 30 Second Briefing/);
    await edit.fill(`${DRAFT.thirtySecondBriefing} European buyers still report delays.`);
    await Promise.all([
      rv.waitForURL(new RegExp(`/briefings/${briefingId}$`)),
      rv.getByRole('button', { name: 'Save as new revision' }).click(),
    ]);
    await rv.getByText('Saved as revision 2.').waitFor();
    await rv.keyboard.press('Tab');
    const flag = rv.locator('.section-text mark.flag', { hasText: /^37$/ });
    await flag.waitFor();
    await screenshot(rv, 'draft-page-reviewer');
    // Every blocking flag is fixed or acknowledged with a note before sign-off (advisory ones may be too).
    for (;;) {
      const form = rv.locator('form.ack-form').first();
      if ((await form.count()) === 0) break;
      const id = /flags\/([0-9a-f-]+)\/acknowledge/.exec((await form.getAttribute('action')) ?? '')![1];
      await form.getByLabel(/^Why the text is right/).fill('Checked against the ministry statement.');
      await Promise.all([
        rv.waitForURL((u) => u.hash === `#flag-${id}`),
        form.getByRole('button', { name: /acknowledge flag \d+/ }).click(),
      ]);
      await rv.getByText('Flag acknowledged as correct.').waitFor();
    }
    await rv.getByLabel('Your password').fill(reviewer.password);
    await Promise.all([
      rv.waitForURL(new RegExp(`/briefings/${briefingId}$`)),
      rv.getByRole('button', { name: 'Approve and sign off' }).click(),
    ]);
    await rv.getByText('Signed off by Tom Sullivan.').waitFor();
    expect(await rv.locator('[data-state]').getAttribute('data-state')).toBe('approved');
    await screenshot(rv, 'signed-off');

    // Editor: publish through Publishing's form; the public page names the reviewer.
    await ed.goto(`${live.url}/briefings/${briefingId}`);
    await Promise.all([
      ed.waitForURL(/\/publishing\//),
      ed.getByRole('button', { name: 'Publish', exact: true }).click(),
    ]);
    const published = await live.t.db.prisma.publication.findFirstOrThrow({
      where: { briefingId },
      select: { slug: true },
    });
    await ed.goto(`${live.url}/news/${published.slug}`);
    await ed.getByText('Reviewed by').waitFor();
    const text = await ed.locator('body').innerText();
    // Every element of the published shape (issue 6, item 1), in the order of the seed briefing.
    const order = [
      DRAFT.title,
      'Reviewed by Tom Sullivan',
      'First reported on MINING.com',
      '30 Second Briefing',
      'Technical Brief',
      'Our Take',
      'then reviewed for technical accuracy',
      'Related Articles',
      'Related Industries & Products',
      'Mining',
      'CMRR-io',
    ];
    let at = -1;
    for (const piece of order) {
      const i = text.toLowerCase().indexOf(piece.toLowerCase(), at + 1);
      expect({ piece, found: i > at }).toEqual({ piece, found: true });
      at = i;
    }
    expect(await ed.locator('a', { hasText: 'MINING.com' }).first().getAttribute('href')).toMatch(/^https?:\/\//);
    expect(await ed.locator('link[rel="canonical"]').getAttribute('href')).toContain(`/news/${published.slug}`);
    expect(await ed.locator('meta[property="og:title"]').getAttribute('content')).toBe(DRAFT.title);
    const jsonLd = JSON.parse((await ed.locator('script[type="application/ld+json"]').first().textContent())!);
    expect(jsonLd['@type']).toBe('NewsArticle');
    expect(JSON.stringify(jsonLd)).toContain('Tom Sullivan');
    await screenshot(ed, 'public-page');
  }, 120_000);
});
