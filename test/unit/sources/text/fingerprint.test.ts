import {
  fingerprint,
  isNearDuplicate,
  NEAR_DUPLICATE_THRESHOLD,
  SIGNATURE_SIZE,
  similarity,
} from '../../../../server/sources/text/fingerprint.js';

const ORIGINAL = `China has issued the first batch of export licences under its new streamlined regime for rare earths,
the commerce ministry said on Tuesday, easing concerns among magnet makers in Europe and Japan who had warned of
shortages. The ministry said applications from several exporters had been approved after a review that took less than
the forty five working days allowed under the rules introduced in April. Industry groups welcomed the move but said the
approvals covered only a fraction of the volumes requested, and that many smaller buyers were still waiting for
paperwork. The new system requires exporters to disclose the end user of each shipment and to certify that the
material will not be diverted to military applications. Analysts said the licences were a signal that Beijing wanted to
keep supply chains running while retaining leverage over trading partners. Prices of neodymium and praseodymium oxide
were little changed on the news, reflecting ample inventories held by processors outside China. European automakers,
which rely on permanent magnets for electric vehicle motors, have been lobbying for faster approvals since the spring.
The European Commission said it was monitoring the situation closely and continued to talk with Chinese officials about
predictability for companies. Several Japanese trading houses said they expected further approvals in the coming weeks,
although timelines remained uncertain. Mining companies developing projects in Australia, Canada and the United States
said the episode underlined the need for alternative sources of separated rare earths, and pointed to new processing
plants scheduled to start production over the next three years. Some project developers said customers had become more
willing to sign long term offtake agreements with price floors, which would help them secure financing. The ministry
did not say how many licences had been granted in total, or which companies had received them.`;

// A syndicated copy: different line wrapping, one sentence rewritten, a dateline added.
const SYNDICATED = `BEIJING (Wire) - ${ORIGINAL.replace(
  'Prices of neodymium and praseodymium oxide\nwere little changed on the news, reflecting ample inventories held by processors outside China.',
  'Spot prices for magnet metals barely moved after the announcement, traders in Shanghai said.',
).replace(/\n/g, ' ')}`;

// Same story, written independently.
const OTHER_ARTICLE = `Beijing has started approving rare earth export permits again under the faster licensing process it
announced this spring, according to a statement from the commerce ministry. For carmakers that depend on permanent
magnets, the approvals are a relief, though trade associations cautioned that only part of the requested tonnage was
cleared. Under the rules, exporters must name the final customer and promise the metals will not end up in weapons.
Observers in Brussels and Tokyo read the decision as a calibrated gesture: supply keeps flowing, but China keeps its
hand on the tap. Market reaction was muted because processors in Malaysia and elsewhere hold comfortable stocks.
Western developers argued that the uncertainty strengthens the case for new separation capacity, and several said
buyers are now more open to offtake contracts with minimum prices. The ministry gave no figure for the total number of
permits issued.`;

describe('fingerprint / near-duplicate detection', () => {
  it('produces a deterministic, serialisable signature', () => {
    const sig = fingerprint(ORIGINAL);
    expect(sig).toHaveLength(SIGNATURE_SIZE);
    expect(sig.every((v) => Number.isInteger(v) && v >= 0 && v <= 0xffffffff)).toBe(true);
    expect(JSON.parse(JSON.stringify(sig))).toEqual(fingerprint(ORIGINAL));
    expect(similarity(sig, fingerprint(ORIGINAL))).toBe(1);
  });

  it('detects a syndicated copy with a changed sentence', () => {
    const s = similarity(fingerprint(ORIGINAL), fingerprint(SYNDICATED));
    expect(s).toBeGreaterThanOrEqual(NEAR_DUPLICATE_THRESHOLD);
    expect(s).toBeLessThan(1);
    expect(isNearDuplicate(ORIGINAL, SYNDICATED)).toBe(true);
  });

  it('does not confuse two different articles on the same topic', () => {
    expect(similarity(fingerprint(ORIGINAL), fingerprint(OTHER_ARTICLE))).toBeLessThan(0.3);
    expect(isNearDuplicate(fingerprint(ORIGINAL), fingerprint(OTHER_ARTICLE))).toBe(false);
  });

  it('treats empty text as similar to nothing', () => {
    expect(similarity(fingerprint(''), fingerprint(''))).toBe(0);
    expect(isNearDuplicate('', ORIGINAL)).toBe(false);
  });

  it('rejects signatures of the wrong size', () => {
    expect(() => similarity([1, 2, 3], fingerprint(ORIGINAL))).toThrow(/64/);
  });

  // Speed is measured by bench/sources.ts. The bound, some 50 times the usual best run, only catches an
  // algorithmic blow-up and leaves room for a loaded CI machine.
  it('fingerprints a 10,000-word text without blowing up', () => {
    const vocabulary = ORIGINAL.split(/\s+/);
    const big = Array.from({ length: 10_000 }, (_, i) => vocabulary[(i * 7919) % vocabulary.length]).join(' ');
    fingerprint(big); // warm-up (JIT)
    // Best of N: measures the code, not whatever else the CI machine is doing.
    let best = Infinity;
    for (let i = 0; i < 20; i++) {
      const start = performance.now();
      fingerprint(big);
      best = Math.min(best, performance.now() - start);
    }
    expect(best).toBeLessThan(250);
  });
});
