import { checkGrounding } from '../../../server/grounding/index.js';

// Written in the style of examples/seed-briefing.txt; the source stands in for the MINING.com story.
const SOURCE = [
  'China has issued the first batch of simplified "general" export licences for rare earths to magnet makers',
  'JL Mag Rare Earth, Ningbo Yunsheng and Beijing Zhong Ke San Huan High-Tech, Reuters reported on Oct. 3.',
  'The one-year licences replace the shipment-by-shipment approvals imposed in April. Beijing agreed to suspend',
  'the expanded October controls as part of a trade truce with the United States. Magnet exports slumped after the',
  'April controls; 2025 shipments are still about 20 per cent lower year on year, despite a nine-month high in',
  'exports to the U.S. in October. European manufacturers say delays are shorter but the criteria remain opaque.',
].join(' ');

const BRIEFING =
  'China has issued the first batch of one-year “general” rare earth export licences to magnet producers JL Mag Rare Earth, Ningbo Yunsheng and Beijing Zhong Ke San Huan High-Tech, easing shipment-by-shipment approvals imposed under April’s export controls. The move follows Beijing’s agreement to suspend expanded October controls as part of a trade truce with the US, after rare earth magnet exports initially slumped and 2025 shipments remained about 20% down year-on-year despite a nine-month high to the US in October. European manufacturers report shorter delays but still flag opaque criteria.';
const OUR_TAKE =
  'With rare earths and rare earth magnets appearing in 10 keyword-matched pieces in our database, China’s move to one-year general licences signals to downstream users in the United States and Europe that supply risk is now more about policy stability than immediate physical scarcity.';

const sources = [{ id: 'mining-com-1', text: SOURCE, title: 'China issues first general rare earth export licences' }];
const facts = [{ label: 'rare earths keyword matches', value: 10 }];
const ITEM_KINDS = new Set(['number', 'percent', 'money', 'date', 'entity', 'quote', 'claim', 'unknown_source']);
const items = <T extends { kind: string }>(r: { flags: T[] }) => r.flags.filter((f) => ITEM_KINDS.has(f.kind));

describe('checkGrounding', () => {
  test('a faithful seed-style briefing raises no blocking flag; its analysis has no passage (advisory)', () => {
    const report = checkGrounding({
      sections: [
        { key: 'thirtySecondBriefing', text: BRIEFING },
        { key: 'ourTake', text: OUR_TAKE },
      ],
      sources,
      facts,
    });
    expect(report.flags.filter((f) => f.severity === 'blocking')).toEqual([]);
    expect(report.flags.map((f) => [f.sectionKey, f.kind, f.severity])).toEqual([
      ['ourTake', 'no_support', 'advisory'],
    ]);
    expect(items(report)).toEqual([]);
    // Every sentence of the 30-second briefing is aligned with the source.
    const briefing = report.alignments.filter((a) => a.sectionKey === 'thirtySecondBriefing');
    expect(briefing.length).toBe(3);
    for (const a of briefing) expect(a.passages[0]?.sourceId).toBe('mining-com-1');
    expect(report.supported.map((s) => s.text)).toEqual(
      expect.arrayContaining(['JL Mag Rare Earth', '20%', '“general”', 'October', '2025', 'US']),
    );
  });

  test('supported items point at the matching text of the original source', () => {
    const report = checkGrounding({ sections: [{ key: 'b', text: BRIEFING }], sources });
    const pct = report.supported.find((s) => s.text === '20%')!;
    expect(pct.sourceId).toBe('mining-com-1');
    expect(SOURCE.slice(pct.sourceStart, pct.sourceEnd)).toBe('20 per cent');
    expect(pct.snippet).toContain('20 per cent');
    const name = report.supported.find((s) => s.text === 'Ningbo Yunsheng')!;
    expect(SOURCE.slice(name.sourceStart, name.sourceEnd)).toBe('Ningbo Yunsheng');
  });

  test('a fact-backed count is supported by the fact, not flagged', () => {
    const report = checkGrounding({ sections: [{ key: 'ourTake', text: OUR_TAKE }], sources, facts });
    expect(items(report)).toEqual([]);
    expect(report.supported.find((s) => s.text === '10')?.fact).toEqual(facts[0]);
    const without = checkGrounding({ sections: [{ key: 'ourTake', text: OUR_TAKE }], sources });
    expect(items(without).map((f) => [f.kind, f.text])).toEqual([['number', '10']]);
  });

  test('a planted wrong number is flagged with its sentence and offsets', () => {
    const text = `${BRIEFING.replace('about 20% down', 'about 35% down')} ${OUR_TAKE}`;
    const report = checkGrounding({ sections: [{ key: 'thirtySecondBriefing', text }], sources, facts });
    const blocking = report.flags.filter((f) => f.severity === 'blocking');
    expect(blocking).toHaveLength(1);
    const [flag] = blocking;
    expect(flag).toMatchObject({ kind: 'percent', text: '35%', sectionKey: 'thirtySecondBriefing' });
    expect(flag.sentence.startsWith('The move follows Beijing’s agreement')).toBe(true);
    expect(text.slice(flag.sentenceStart, flag.sentenceEnd)).toBe(flag.sentence);
    expect(text.slice(flag.start, flag.end)).toBe('35%');
    expect(flag.message).toMatch(/35%/);
  });

  test('invented names, dates, amounts and quotations are flagged by kind', () => {
    const text =
      'Officials at Lynas Rare Earths said exports fell in 2023. Beijing offered a $40 million fund, calling it “a final offer”.';
    const report = checkGrounding({ sections: [{ key: 'k', text }], sources });
    expect(items(report).map((f) => [f.kind, f.text])).toEqual([
      ['entity', 'Lynas Rare Earths'],
      ['date', '2023'],
      ['money', '$40 million'],
      ['quote', '“a final offer”'],
    ]);
  });

  test('the pronoun "I" with its contractions is no name, wherever it stands', () => {
    const source = [
      { id: 'plant', text: 'Smith told workers on Monday that he will keep the plant open for another year.' },
    ];
    const check = (text: string) => items(checkGrounding({ sections: [{ key: 'k', text }], sources: source }));
    expect(check("Smith told workers: Then I'll keep the plant open for another year.")).toEqual([]);
    expect(check("Smith told workers: Then I'll keep the plant open, said Jones.").map((f) => f.text)).toEqual([
      'Jones',
    ]);
  });

  test('a number hyphenated to a code is part of a name the sources may write bare, unless they number it otherwise', () => {
    const check = (text: string, source: string) =>
      items(checkGrounding({ sections: [{ key: 'k', text }], sources: [{ id: 's', text: source }] })).map((f) => [
        f.kind,
        f.text,
      ]);
    const draft = 'Sales of EV-15 kits rose by 12 percent in March, the ministry said.';
    expect(check(draft, 'The ministry said sales of EV kits rose by 12 percent in March, led by farmers.')).toEqual([]);
    expect(check(draft, 'The ministry said sales of EV-85 kits rose by 12 percent in March, led by farmers.')).toEqual([
      ['number', '15'],
    ]);
    expect(check(draft, 'The ministry said sales of electric kits rose by 12 percent in March.')).toContainEqual([
      'number',
      '15',
    ]);
    expect(
      check(
        'Admissions for COVID-19 rose by 12 percent in March.',
        'Admissions for COVID rose by 12 percent in March.',
      ),
    ).toEqual([]);
  });

  test('a multiplier is backed by the words that name it ("two-fold" for "doubled"), not by another', () => {
    const numbers = (draft: string, source: string) =>
      items(
        checkGrounding({
          sections: [{ key: 'k', text: `Exports to China ${draft} in March, the ministry said.` }],
          sources: [{ id: 's', text: `The ministry said exports to China ${source} in March, led by soybeans.` }],
        }),
      ).map((f) => f.text);
    expect(numbers('rose two-fold', 'doubled')).toEqual([]);
    expect(numbers('rose threefold', 'rose three times')).toEqual([]);
    expect(numbers('rose 3-fold', 'tripled')).toEqual([]);
    expect(numbers('rose three-fold', 'doubled')).toEqual(['three-fold']);
    expect(numbers('rose threefold', 'rose two-fold')).toEqual(['threefold']);
  });

  test('the plural of an acronym the sources use is no new name ("GANs" for "GAN")', () => {
    const source =
      'We propose a method for incorporating conditional information into a generative adversarial network (GAN) discriminator.';
    const names = (draft: string) =>
      items(checkGrounding({ sections: [{ key: 'k', text: draft }], sources: [{ id: 's', text: source }] })).map(
        (f) => f.text,
      );
    expect(names('We feed conditional information into the discriminator of GANs.')).toEqual([]);
    expect(names('We feed conditional information into the discriminator of CNNs.')).toEqual(['CNNs']);
  });

  test('a name joined by "and" is read whole when the sources hold it whole or by its initials', () => {
    const source =
      'Sussex PCC Katy Bourne said emergency services would have to collaborate. The Department of Health and Human Services agreed.';
    const names = (draft: string) =>
      items(checkGrounding({ sections: [{ key: 'k', text: draft }], sources: [{ id: 's', text: source }] })).map(
        (f) => f.text,
      );
    expect(names("Sussex's Police and Crime Commissioner says the services must work together.")).toEqual([]);
    expect(names('The Department of Health and Human Services agreed with the services.')).toEqual([]);
    // Two names joined: each must be in a source on its own.
    expect(names('Katy Bourne and Crime Commissioner Smith said the services must work together.')).toEqual([
      'Crime Commissioner Smith',
    ]);
    expect(names("Sussex's Police and Fire Commissioner says the services must work together.")).toEqual([
      'Police',
      'Fire Commissioner',
    ]);
  });

  test('a count of the names the sentence lists is backed by those names; a wrong count is not', () => {
    const source =
      'Steve: fancy a drink at Kings at the weekend? Carly: yes, as long as you do not get us thrown out again.';
    const numbers = (draft: string) =>
      items(checkGrounding({ sections: [{ key: 'k', text: draft }], sources: [{ id: 's', text: source }] })).map(
        (f) => f.text,
      );
    expect(numbers('Two friends, Steve and Carly, plan a drink at Kings.')).toEqual([]);
    expect(numbers('Three friends, Steve and Carly, plan a drink at Kings.')).toEqual(['Three']);
    // Every name listed must be in a source.
    expect(numbers('Two friends, Steve and Maria, plan a drink at Kings.')).toEqual(['Two', 'Maria']);
    expect(numbers('Two friends plan a drink at Kings.')).toEqual(['Two']);
  });

  test('a first name the sources never give is asked about (advisory); a rival first name or a new person blocks', () => {
    const source = {
      id: 'howe',
      text: 'Bournemouth lost again on Saturday. "We lacked nothing but luck," Howe told BBC Radio Solent. Mr Howe said the squad was fit.',
    };
    const entityFlags = (text: string, src = source) =>
      checkGrounding({ sections: [{ key: 'k', text }], sources: [src] })
        .flags.filter((f) => f.kind === 'entity' || f.kind === 'given_name')
        .map((f) => [f.kind, f.text, f.severity, f.message]);
    expect(entityFlags('Bournemouth manager Eddie Howe said his side lacked nothing but luck.')).toEqual([
      [
        'given_name',
        'Eddie Howe',
        'advisory',
        'Draft names "Eddie Howe"; the sources call this person only "Howe" (S1, paragraph 1): check the full name.',
      ],
    ]);
    // The source gives Howe another first name: the draft's is a rival, not a detail.
    const rival = { ...source, text: `${source.text} John Howe has managed the club since 2020.` };
    expect(entityFlags('Bournemouth manager Eddie Howe said his side lacked nothing but luck.', rival)).toEqual([
      ['entity', 'Eddie Howe', 'blocking', 'Name "Eddie Howe" does not appear in any source.'],
    ]);
    // Nobody of that surname in the sources: invented.
    expect(entityFlags('Bournemouth manager Eddie Carter said his side lacked nothing but luck.')).toEqual([
      ['entity', 'Eddie Carter', 'blocking', 'Name "Eddie Carter" does not appear in any source.'],
    ]);
  });

  test('flag ids are stable across re-checks and change with the text', () => {
    const input = { sections: [{ key: 'k', text: 'Exports fell 35% in October.' }], sources };
    const pct = (r: ReturnType<typeof checkGrounding>) => r.flags.find((f) => f.kind === 'percent')!.id;
    const a = pct(checkGrounding(input));
    const b = pct(
      checkGrounding({ sections: [{ key: 'k', text: 'Separately, exports fell 35% in October.' }], sources }),
    );
    const c = pct(checkGrounding({ sections: [{ key: 'k', text: 'Exports fell 36% in October.' }], sources }));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    const twice = checkGrounding({
      sections: [{ key: 'k', text: 'Exports fell 35%. Imports fell 35%.' }],
      sources,
    })
      .flags.filter((f) => f.kind === 'percent')
      .map((f) => f.id);
    expect(new Set(twice).size).toBe(2);
  });

  describe('claims', () => {
    const claim = (evidenceQuote: string, sourceId = 'mining-com-1') => ({
      text: 'European manufacturers report shorter delays but still flag opaque criteria.',
      sourceId,
      evidenceQuote,
    });
    const run = (claims: ReturnType<typeof claim>[]) =>
      checkGrounding({ sections: [{ key: 'thirtySecondBriefing', text: BRIEFING }], sources, claims });

    test('an evidence quote found with small differences of style is supported', () => {
      const report = run([
        claim('European manufacturers say that delays are shorter, but the criteria remain “opaque”'),
      ]);
      expect(report.flags).toEqual([]);
      const supported = report.supported.find((s) => s.kind === 'claim')!;
      expect(SOURCE.slice(supported.sourceStart, supported.sourceEnd)).toContain(
        'delays are shorter but the criteria remain opaque',
      );
      expect(supported.sectionKey).toBe('thirtySecondBriefing');
    });

    test('an evidence quote that is not in the cited source is flagged', () => {
      const report = run([claim('European manufacturers say delays are now much longer and the criteria are unclear')]);
      expect(report.flags).toHaveLength(1);
      expect(report.flags[0]).toMatchObject({
        kind: 'claim',
        claimIndex: 0,
        sourceId: 'mining-com-1',
        sectionKey: 'thirtySecondBriefing',
      });
      expect(report.flags[0].sentence).toBe(
        'European manufacturers report shorter delays but still flag opaque criteria.',
      );
    });

    test('a claim citing a source id not in the list is flagged', () => {
      const report = run([claim('European manufacturers say delays are shorter', 'reuters-99')]);
      expect(report.flags.map((f) => [f.kind, f.text])).toEqual([['unknown_source', 'reuters-99']]);
    });
  });
});
