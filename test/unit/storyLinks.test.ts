import { JSDOM } from 'jsdom';
import { withStoryLinks, type LinkedStory } from '../../server/publishing/render/storyLinks.js';
import { jsonForScript } from '../../server/publishing/render/jsonLd.js';
import { contentHashOfPage } from '../../server/publishing/record/pageContent.js';

const story = (slug: string, title: string): LinkedStory => ({
  slug,
  title,
  firstPublishedAt: new Date('2026-11-02T09:00:00Z'),
  publishedAt: new Date('2026-11-03T09:00:00Z'),
});

/** A stored page as publishing wrote it before story links existed (isBasedOn a bare URL, as the oldest snapshots have). */
function storedPage(ld: Record<string, unknown>): string {
  return `<!doctype html><html><head><script type="application/ld+json">${jsonForScript(ld)}</script></head><body><article class="briefing">
  <!--bd:version-notice-->
  <h1>Yucca Mountain</h1><p>Text.</p></article></body></html>`;
}

describe('story links on a stored page', () => {
  const ld = {
    '@type': 'NewsArticle',
    url: 'https://site.example/news/yucca',
    mainEntityOfPage: { '@type': 'WebPage', '@id': 'https://site.example/news/yucca' },
    isBasedOn: 'https://wire.example/yucca',
  };

  test('a title with markup is text in the notice and cannot close the JSON-LD script', () => {
    const hostile = story('court', 'Court </script><script>alert(1)</script> & "pause"');
    const html = withStoryLinks(storedPage(ld), { earlier: hostile, updates: [] });
    const doc = new JSDOM(html).window.document;
    expect(doc.querySelectorAll('script')).toHaveLength(1);
    expect(doc.querySelector('.story-earlier a')!.textContent).toBe(hostile.title);
    const parsed = JSON.parse(doc.querySelector('script')!.textContent) as { isBasedOn: unknown[] };
    // The bare-URL source of an old snapshot is kept, the earlier article added after it.
    expect(parsed.isBasedOn).toEqual([
      'https://wire.example/yucca',
      expect.objectContaining({ url: 'https://site.example/news/court', headline: hostile.title }),
    ]);
  });

  test('the notice is unsigned: the content hash of the page is the same with and without it', () => {
    const page = storedPage(ld);
    const linked = withStoryLinks(page, {
      earlier: null,
      updates: [story('later', 'Later'), story('latest', 'Latest')],
    });
    expect(linked).toContain('href="/news/later"');
    expect(contentHashOfPage(linked)).toBe(contentHashOfPage(page));
  });

  test('no links: the stored bytes unchanged', () => {
    const page = storedPage(ld);
    expect(withStoryLinks(page, { earlier: null, updates: [] })).toBe(page);
  });
});
