import { headTail } from '../../server/util/headTail.js';

describe('headTail: what is kept of a long model answer', () => {
  test('a text within the cap is kept whole', () => {
    expect(headTail('short', 100)).toBe('short');
  });

  test('a longer text keeps its beginning and end within the cap, saying how much was left out', () => {
    const text = 'BEGIN ' + 'x'.repeat(100_000) + ' END';
    const kept = headTail(text, 1000);
    expect(kept.length).toBeLessThanOrEqual(1000);
    expect(kept.startsWith('BEGIN x')).toBe(true);
    expect(kept.endsWith('x END')).toBe(true);
    expect(kept).toMatch(/\[… [\d,]+ characters omitted …\]/);
  });

  test('never cuts a surrogate pair in half', () => {
    const text = '😀'.repeat(5_000);
    const kept = headTail(text, 501);
    expect(kept).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
  });
});
