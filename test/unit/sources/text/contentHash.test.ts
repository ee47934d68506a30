import { contentHash, normaliseForHash } from '../../../../server/sources/text/contentHash.js';

describe('contentHash', () => {
  it('is sha256 hex of the normalised text', () => {
    // sha256("hello world")
    expect(contentHash('  Hello\n\tWORLD ')).toBe('b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9');
  });

  it('ignores case, spacing, compatibility forms and invisible characters', () => {
    expect(normaliseForHash('Ｒａｒｅ  ﬁnds\u200B')).toBe('rare finds');
    expect(contentHash('Rare earth  licences')).toBe(contentHash('rare\u00A0EARTH licences\u200D'));
  });

  it('differs when the words differ', () => {
    expect(contentHash('rare earth licences')).not.toBe(contentHash('rare earth licence'));
  });
});
