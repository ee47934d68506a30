import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkGrounding } from '../../../server/grounding/index.js';
import { draftToSections, parseSourcesJsonl } from '../../../server/grounding/cli.js';

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../fixtures/grounding/${name}`, import.meta.url)), 'utf8');
const SOURCES = parseSourcesJsonl(fixture('sources.jsonl'));
const SOURCE = SOURCES[0].text;

const check = (text: string, key = 'thirtySecondBriefing') =>
  checkGrounding({ sections: [{ key, text }], sources: SOURCES });
const kinds = (text: string) => check(text).flags.map((f) => [f.kind, f.severity, f.text]);

describe('sentences held against their passage', () => {
  test('a reversed direction and a figure moved to another quantity are flagged, each with both spans', () => {
    const draft = draftToSections(JSON.parse(fixture('moved-figure-draft.json')));
    const report = checkGrounding({ ...draft, sources: SOURCES });
    const blocking = report.flags.filter((f) => f.severity === 'blocking');
    expect(blocking.map((f) => [f.kind, f.text, f.evidence?.text])).toEqual([
      ['direction', 'rose', 'fell'],
      ['figure_mismatch', '15', '40'],
    ]);
    const direction = blocking[0];
    expect(direction.message).toBe("Draft says 'rose'; the closest source passage (S1, paragraph 3) says 'fell'.");
    const section = draft.sections.find((s) => s.key === direction.sectionKey)!.text;
    expect(section.slice(direction.start, direction.end)).toBe('rose');
    expect(SOURCE.slice(direction.evidence!.start, direction.evidence!.end)).toBe('fell');
    const figure = blocking[1];
    expect(SOURCE.slice(figure.evidence!.start, figure.evidence!.end)).toBe('40');
    expect(figure.evidence).toMatchObject({ sourceNumber: 1, paragraph: 4, field: 'body' });
  });

  test('every sentence is aligned with its passage, with offsets in both texts', () => {
    const text =
      'Beijing agreed to suspend the expanded October controls as part of a trade truce with the United States.';
    const [a] = check(text).alignments;
    expect(a.score).toBeGreaterThan(0.9);
    expect(a.shape).toBe('single');
    expect(a.passages).toHaveLength(1);
    const p = a.passages[0];
    expect(SOURCE.slice(p.start, p.end)).toBe(text);
    expect(p).toMatchObject({ sourceId: 'mining-com-rare-earths', paragraph: 2, sentence: 2 });
    expect(a.verdicts).toEqual([]);
  });

  test('alignment ids hash the sentence and the passage: same text, same id', () => {
    const text = 'The one-year licences replace the shipment-by-shipment approvals imposed in April.';
    const a = check(text).alignments[0].id;
    expect(check(text).alignments[0].id).toBe(a);
    expect(check(text.replace('April', 'March')).alignments[0].id).not.toBe(a);
    const otherSource = checkGrounding({
      sections: [{ key: 'k', text }],
      sources: [{ ...SOURCES[0], text: SOURCE.replace('shipment-by-shipment', 'case-by-case') }],
    });
    expect(otherSource.alignments[0].id).not.toBe(a);
  });

  test('negation on one side only is flagged', () => {
    expect(
      kinds(
        'Beijing did not agree to suspend the expanded October controls as part of a trade truce with the United States.',
      ),
    ).toEqual([['polarity', 'blocking', 'not agree']]);
  });

  test('"no" negates the word it determines: "no time in revealing" does not negate "revealing"; "no longer" does', () => {
    const flagsAgainst = (draft: string, source: string) =>
      checkGrounding({ sections: [{ key: 'k', text: draft }], sources: [{ id: 's', text: source }] })
        .flags.filter((f) => f.kind === 'polarity')
        .map((f) => f.text);
    const source = 'Judy Murray wasted no time in revealing her plans for the tennis academy in Dunblane.';
    expect(flagsAgainst('Judy Murray is revealing her plans for the tennis academy in Dunblane.', source)).toEqual([]);
    expect(
      flagsAgainst(
        'The ministry no longer supports the grid upgrade in the north of the country.',
        'The ministry supports the grid upgrade in the north of the country.',
      ),
    ).toEqual(['no longer supports']);
  });

  test('a name the passage does not give, where it names someone else, is flagged', () => {
    const report = check(
      'The licences cover 40 tonnes of magnets a month for Reuters and 15 tonnes for Ningbo Yunsheng.',
    );
    expect(report.flags.map((f) => [f.kind, f.text, f.evidence?.text])).toEqual([
      ['name_mismatch', 'Reuters', 'JL Mag'],
    ]);
  });

  test('rewritten but true sentences pass: trimmed, reordered, lower-cased, capitals throughout', () => {
    for (const text of [
      'Beijing agreed to suspend the expanded October controls.',
      'As part of a trade truce with the United States, Beijing agreed to suspend the expanded October controls.',
      'beijing agreed to suspend the expanded october controls as part of a trade truce with the united states.',
      'BEIJING AGREED TO SUSPEND THE EXPANDED OCTOBER CONTROLS AS PART OF A TRADE TRUCE WITH THE UNITED STATES.',
    ]) {
      expect([text, check(text).flags]).toEqual([text, []]);
    }
  });

  test('a lower-cased invented name is still found: no capitals needed', () => {
    const report = check('the licences cover 40 tonnes of magnets a month for jl mag, said harlan whitcombe.');
    expect(report.flags.filter((f) => f.kind === 'entity').map((f) => f.text)).toEqual(['harlan whitcombe']);
  });

  test('a detail no passage states is flagged; analysis with no passage at all is advisory', () => {
    const detail = check(
      'Beijing agreed to suspend the expanded October controls after a secretive midnight summit with Australian diplomats.',
    );
    expect(detail.flags.map((f) => f.kind)).toContain('unsupported_detail');
    const analysis = check(
      'For project teams, supply risk now turns more on policy stability than on physical scarcity.',
      'ourTake',
    );
    expect(analysis.flags.map((f) => [f.kind, f.severity])).toEqual([['no_support', 'advisory']]);
    expect(analysis.alignments[0].passages).toEqual([]);
  });
});

describe('reworded or referred to, not wrong', () => {
  // Unrelated paragraphs around the passage, as in a real article: word weights need a document.
  const around = (passage: string) =>
    [
      'The state budget office warned that fuel costs have doubled since last winter.',
      'Local farmers said the drought has ruined most of the soybean harvest this year.',
      passage,
      'Lawmakers debated a tax on plastic bags for three hours.',
      'The museum will reopen in the spring after a long renovation.',
    ].join('\n\n');
  /** "kind: flagged text" for each flag a one-section draft gets against one source. */
  const flagsAgainst = (source: string, draft: string) =>
    checkGrounding({ sections: [{ key: 'summary', text: draft }], sources: [{ id: 's1', text: source }] }).flags.map(
      (f) => `${f.kind}: ${f.text}`,
    );
  const flagsOf = (passage: string, draft: string) => flagsAgainst(around(passage), draft);
  /** "flagged text: severity" for each flag of one kind. */
  const severitiesOf = (kind: string, passage: string, draft: string) =>
    checkGrounding({ sections: [{ key: 'summary', text: draft }], sources: [{ id: 's1', text: around(passage) }] })
      .flags.filter((f) => f.kind === kind)
      .map((f) => `${f.text}: ${f.severity}`);

  test('a detail told in WordNet synonyms of the source words is no unsupported detail; invented words still are', () => {
    const lead =
      'China has issued the first batch of simplified general export licences for rare earths to magnet makers';
    expect(
      kinds(`${lead} JL Mag Rare Earth and Ningbo Yunsheng, whose holdups are shorter but the standards stay murky.`),
    ).toEqual([]);
    expect(
      kinds(
        `${lead} JL Mag Rare Earth and Ningbo Yunsheng, whose holdups are shorter but secretive lobbyists stay murky.`,
      ),
    ).toEqual([['unsupported_detail', 'advisory', 'holdups are shorter but secretive lobbyists stay murky']]);
  });

  test('"left Arsenal" is the verb leave, not the opposite of "right"', () => {
    const passage =
      'Sagna, who played at right back for Arsenal, won the FA Cup last season before joining Manchester City.';
    expect(flagsOf(passage, 'Sagna left Arsenal after winning the FA Cup last season.')).toEqual([]);
    expect(flagsOf(passage, 'Sagna played at left back for Arsenal and won the FA Cup last season.')).toEqual([
      'direction: left',
    ]);
  });

  test('an acronym the source spells out after a sentence-opening word: "PM" for "But the Prime Minister"', () => {
    const passage = 'But the Prime Minister hailed the tax changes as a boost for working families on Monday.';
    expect(flagsOf(passage, 'The PM hailed the tax changes as a boost for working families on Monday.')).toEqual([]);
    expect(flagsOf(passage, 'The FM hailed the tax changes as a boost for working families on Monday.')).toEqual([
      'entity: FM',
    ]);
  });

  test("a people's adjective standing for the person the passage names; short forms of the US", () => {
    const passage =
      'Real Madrid will not buy the Mexico striker. Javier Hernandez scored the winner against Atletico Madrid on Wednesday night.';
    expect(flagsOf(passage, 'The Mexican scored the winner against Atletico Madrid on Wednesday night.')).toEqual([]);
    // A people the sources never mention is still a claim to check.
    expect(flagsOf(passage, 'The Portuguese scored the winner against Atletico Madrid on Wednesday night.')).toEqual([
      'entity: Portuguese',
    ]);
    const exam = 'The American college entrance exam was cancelled in South Korea because of cheating, officials said.';
    expect(flagsOf(exam, 'A US college entrance exam was cancelled in South Korea because of cheating.')).toEqual([]);
  });

  test('"without" a named person is no negation unless the passage says "with" them', () => {
    const injured = 'Bayern Munich play Porto on Wednesday, and Franck Ribery is injured.';
    expect(flagsOf(injured, 'Bayern Munich play Porto on Wednesday without Franck Ribery.')).toEqual([]);
    const signed = 'The senator signed the letter with Ron Wyden on Wednesday, the office said.';
    expect(flagsOf(signed, 'The senator signed the letter without Ron Wyden on Wednesday, the office said.')).toEqual([
      'polarity: without Ron',
    ]);
  });

  test('"The Frenchman says" refers to the person the passage quotes', () => {
    const passage =
      'Franck Ribery said he was told he was as important to Bayern Munich as Lionel Messi is to Barcelona.';
    expect(
      flagsOf(
        passage,
        'The Frenchman said he was told he was as important to Bayern Munich as Lionel Messi is to Barcelona.',
      ),
    ).not.toContainEqual(expect.stringMatching(/^attribution/));
  });

  test('a surname opening a sentence is still a name: the wrong person as subject is caught', () => {
    const source = [
      'Interior Secretary Kempthorne visited Albuquerque in May.',
      around('Domenici also is seeking to learn whether New Mexico schools will see construction.'),
    ].join('\n\n');
    const flags = (draft: string) => flagsAgainst(source, draft);
    expect(flags('Kempthorne also is seeking to learn whether New Mexico schools will see construction.')).toEqual([
      'name_mismatch: Kempthorne',
    ]);
    expect(flags('Domenici also is seeking to learn whether New Mexico schools will see construction.')).toEqual([]);
  });

  test('after a title ("Sen. Nelson") or with a possessive ("Kenya’s"), a name opening a sentence is still a name', () => {
    const source = [
      'Sen. Ben Nelson and the Comptroller General, David M. Walker, met in Omaha. Kenya has asked for talks with Japan.',
      around(
        'Sen. Klobuchar will work to include the legislation in the Farm Bill, and Iraq’s electricity supply is still below pre-war levels, the letter to David M. Walker said.',
      ),
    ].join('\n\n');
    const flags = (draft: string) => flagsAgainst(source, draft).filter((f) => f.startsWith('name_mismatch'));
    expect(flags('Sen. Klobuchar will work to include the legislation in the Farm Bill.')).toEqual([]);
    expect(flags('Sen. Nelson will work to include the legislation in the Farm Bill.')).toEqual([
      'name_mismatch: Nelson',
    ]);
    expect(flags('Kenya’s electricity supply is still below pre-war levels.')).toEqual(['name_mismatch: Kenya']);
    // WordNet lists "japan" (lacquer) in lower case; the sources write it as a name.
    expect(flags('Japan’s electricity supply is still below pre-war levels.')).toEqual(['name_mismatch: Japan']);
  });

  test('a first name of one person with the surname of another is a name no source gives', () => {
    const source = [
      'Senator Ron Wyden asked whether the President was wrong about incentives for oil and gas exploration.',
      around('Barbara Boxer introduced legislation to halt royalty windfalls for oil companies on Tuesday.'),
    ].join('\n\n');
    expect(
      flagsAgainst(
        source,
        'Barbara Wyden introduced legislation to halt royalty windfalls for oil companies on Tuesday.',
      ),
    ).toEqual(['entity: Barbara Wyden']);
    // A title is no first name: "Senator Wyden" is Ron Wyden.
    expect(
      flagsAgainst(
        source,
        'Senator Wyden asked whether the President was wrong about incentives for oil and gas exploration.',
      ),
    ).toEqual([]);
  });

  test('a reversed word is caught where the passage uses its opposite twice and the draft once', () => {
    const passage =
      'Propane users can expect an increase of 30 percent over last winter, and heating oil users can expect an increase of 32 percent.';
    expect(
      flagsOf(
        passage,
        'Propane users can expect a decrease of 30 percent over last winter, and heating oil users can expect an increase of 32 percent.',
      ),
    ).toEqual(['direction: decrease']);
    expect(flagsOf(passage, passage)).toEqual([]);
  });

  test('a word of praise in the place of a word of blame is a reversal, though WordNet pairs neither', () => {
    const passage =
      'Watson, founder of the troubled digital start-up Ozy Media, was arrested on fraud charges as part of a scheme to prop up the struggling company.';
    const draft = (word: string) =>
      `The founder of the ${word} digital start-up Ozy Media was arrested on fraud charges as part of a scheme to prop up the struggling company.`;
    expect(flagsOf(passage, draft('triumphant'))).toEqual(['direction: triumphant']);
    // Another word of the same leaning, or one the list does not rate, is a paraphrase.
    expect(flagsOf(passage, draft('beleaguered'))).toEqual([]);
    expect(flagsOf(passage, draft('embattled'))).toEqual([]);
    // A rated word away from the swapped place says nothing about it.
    expect(
      flagsOf(
        passage,
        'The founder of the troubled digital start-up Ozy Media was arrested on fraud charges, a scheme to prop up the struggling company that had won praise.',
      ).filter((f) => f.startsWith('direction')),
    ).toEqual([]);
  });

  test("an opposite told from the other party's side is the same event; the same party doing the opposite blocks", () => {
    const severities = (passage: string, draft: string) => severitiesOf('direction', passage, draft);
    const sale = 'Acme sold its chip unit to Globex for $2 billion in March.';
    expect(severities(sale, 'Globex bought the chip unit from Acme for $2 billion in March.')).toEqual([]);
    // Loosely aligned as a whole, but the actor is the passage's own: a reversal, not a retelling.
    expect(severities(sale, 'Acme bought the chip unit from Globex for $2 billion in March.')).toEqual([
      'bought: blocking',
    ]);
    const derbies = 'United have lost the last four derbies to City.';
    expect(severities(derbies, 'City have won the last four derbies.')).toEqual([]);
    expect(severities(derbies, 'United have won the last four derbies.')).toEqual(['won: blocking']);
    const loan = 'The bank lent the startup $5 million last year.';
    expect(severities(loan, 'The startup borrowed $5 million from the bank last year.')).toEqual([]);
    expect(severities(loan, 'The bank borrowed $5 million from the startup last year.')).toEqual([
      'borrowed: blocking',
    ]);
  });

  test('an opposite between the same matched words as the passage word blocks on a loose alignment', () => {
    const passage =
      "Australia's air traffic management agency will deploy an airspace management system for small, uncrewed aircraft systems (UAS) in 2025.";
    const direction = (draft: string) => severitiesOf('direction', passage, draft);
    expect(
      direction(
        'Airservices Australia says it will deploy an airspace management tool for large, uncrewed aircraft systems in 2025.',
      ),
    ).toEqual(['large: blocking']);
    // Both sizes named, away from the passage's place: no reversal.
    expect(
      direction(
        'Airservices Australia says it will deploy a tool in 2025 for uncrewed aircraft systems, large and small.',
      ),
    ).toEqual([]);
  });

  test('a negating prefix put on or taken off the passage word in its own place is a polarity flag', () => {
    const passage =
      'The agency will deploy an airspace management system for small, uncrewed aircraft systems in 2025, and the results so far are unsurprising.';
    const polarity = (draft: string) => flagsOf(passage, draft).filter((f) => f.startsWith('polarity'));
    expect(
      polarity('The agency will deploy an airspace management system for small, crewed aircraft systems in 2025.'),
    ).toEqual(['polarity: crewed']);
    expect(polarity('The results so far are surprising, the agency said.')).toEqual(['polarity: surprising']);
    expect(
      polarity('The agency will deploy an airspace management system for small, uncrewed aircraft systems in 2025.'),
    ).toEqual([]);
    // The bare word elsewhere in the sentence is another fact, not the passage word reversed.
    expect(
      polarity(
        'The agency will deploy an airspace management system for small, uncrewed aircraft systems in 2025; crewed flights follow.',
      ),
    ).toEqual([]);
  });

  test('a negation put into a stretch the passage states word for word blocks on a loose alignment', () => {
    const passage =
      'Under the existing law, a neighbouring state would have to sign a treaty with Russia to allow part of its territory to become a new subject of the federation.';
    const polarity = (draft: string) => severitiesOf('polarity', passage, draft);
    expect(
      polarity(
        'Officials say a neighbouring state would not have to sign a treaty with Russia before any change of borders.',
      ),
    ).toEqual(['not have to sign: blocking']);
    expect(
      polarity(
        'Officials say a neighbouring state would have to sign a treaty with Russia before any change of borders.',
      ),
    ).toEqual([]);
  });

  test('a date the draft left out does not hide a word of praise put in place of blame', () => {
    const passage =
      'Watson, founder of the troubled start-up Ozy Media, was arrested Thursday, Feb. 23, 2023 on fraud charges as part of a scheme to prop up the struggling company.';
    const draft = (word: string) =>
      `The founder of the troubled start-up Ozy Media has been ${word} on fraud charges as part of a scheme to prop up the struggling company.`;
    expect(flagsOf(passage, draft('acquitted'))).toEqual(['direction: acquitted']);
    expect(flagsOf(passage, draft('arrested'))).toEqual([]);
    // Words that are not a figure still count: too far apart to be the same place.
    expect(
      flagsOf(
        passage.replace('Thursday, Feb. 23, 2023', 'after a long inquiry by federal investigators'),
        draft('acquitted'),
      ).filter((f) => f.startsWith('direction')),
    ).toEqual([]);
  });

  test('words hyphenated to a figure belong to it, however near another figure stands', () => {
    const source = [
      'Inter Milan are prepared to offer Yaya Toure a five-year contract to lure him away from Manchester City.',
      'The 31-year-old scored a consolation goal in the surprise defeat by Crystal Palace.',
    ].join('\n\n');
    const draft = (age: string) => `Inter Milan are prepared to offer the ${age} a five-year deal.`;
    expect(flagsAgainst(source, draft('31-year-old'))).toEqual([]);
    // Text tokenised for machines spaces its hyphens.
    expect(flagsAgainst(source, draft('31 - year - old'))).toEqual([]);
    expect(flagsAgainst(source, draft('30-year-old'))).toEqual(['number: 30']);
  });

  test('a name the alignment found only in a passage joined for it, with another name in its place, is a swap', () => {
    const source = [
      'New York Times Editorial',
      "Members of Congress left Washington before Thanksgiving and don't plan to return until mid-December.",
    ].join('\n\n');
    expect(
      flagsAgainst(
        source,
        "Members of Congress left New York before Thanksgiving and don't plan to return until mid-December.",
      ),
    ).toEqual(['name_mismatch: New York']);
    expect(
      flagsAgainst(
        source,
        "Members of Congress left Washington before Thanksgiving and don't plan to return until mid-December.",
      ),
    ).toEqual([]);
    // A sentence drawing on both passages, each name where its passage has it: no flag.
    const fused = [
      'The New York Times said lawmakers had gone home early in an editorial.',
      "Members of Congress left Washington before Thanksgiving and don't plan to return until mid-December.",
    ].join('\n\n');
    expect(
      flagsAgainst(
        fused,
        'Members of Congress left Washington before Thanksgiving, the New York Times editorial said.',
      ),
    ).toEqual([]);
  });

  test('in a lower-cased draft, a place the sources name only at a line start is still a name', () => {
    const source = [
      'Washington, DC 20585',
      'Oil Daily reported that the policy had contributed to record high gasoline contract prices on the New York Mercantile Exchange.',
    ].join('\n\n');
    const draft = (place: string) =>
      `oil daily reported that the policy had contributed to record high gasoline contract prices on the ${place} mercantile exchange.`;
    expect(flagsAgainst(source, draft('new york'))).toEqual([]);
    expect(flagsAgainst(source, draft('washington'))).toEqual(['name_mismatch: washington mercantile exchange']);
  });

  test('a figure found only in a passage joined for it, with another figure in its place, is a swap', () => {
    const source = [
      'The bill passed the United States Senate by a bipartisan vote of 85-12.',
      'The House passed its version of the energy bill in April by a vote of 249-183.',
    ].join(' ');
    const draft = (votes: string) => `The bill passed the United States Senate by a bipartisan vote of ${votes}.`;
    expect(flagsAgainst(source, draft('85-12'))).toEqual([]);
    expect(flagsAgainst(source, draft('85-183'))).toEqual(['figure_mismatch: 183']);
  });

  test('a figure the alignment missed, stated beside the same words in another passage, is no mismatch', () => {
    const source = [
      'Load factor came in at an average of 79% for the quarter, while operating 49% more seats.',
      'We reported a net profit of $8.2 million or $0.19 per share.',
      'The airline also agreed with Boeing to accelerate deliveries of twelve aircraft next year.',
      'Excluding special items, we would have reported a net profit of $29.9 million or $0.70 per share.',
    ].join(' ');
    const draft = (amount: string) =>
      `The airline reported a net profit of ${amount}, or $29.9 million or $0.70 per share excluding special items.`;
    expect(flagsAgainst(source, draft('$8.2m'))).toEqual([]);
    // Beside other words there, it is still held against the passage.
    expect(flagsAgainst(source, draft('79%'))).toEqual(['figure_mismatch: 79%']);
  });

  test('a figure repeated onto the place of another figure is a swap, though the passage states it elsewhere', () => {
    const passage =
      'Five are being prosecuted while 30 are under investigation, the China Food and Drug Administration said.';
    expect(
      flagsOf(passage, '5 are being prosecuted while 30 are under investigation, the administration said.'),
    ).toEqual([]);
    expect(
      flagsOf(passage, '30 are being prosecuted while 30 are under investigation, the administration said.'),
    ).toEqual(['figure_mismatch: 30']);
    // Said twice in the passage too, the figure is no swap.
    const twice = 'In March 30 were being prosecuted while 30 more were under investigation, the administration said.';
    expect(flagsOf(twice, 'In March 30 were being prosecuted while 30 more were under investigation.')).toEqual([]);
  });

  test('a weekday the passage gives otherwise, or no source gives, is flagged with the day in its place', () => {
    const passage =
      'The Edinburgh side will face Rangers in the Scottish Cup final at Hampden Park on Saturday 21 May.';
    const draft = (day: string) => `Edinburgh will face Rangers in the Scottish Cup final at Hampden Park on ${day}.`;
    expect(flagsOf(passage, draft('Saturday'))).toEqual([]);
    expect(flagsOf(passage, draft('Tuesday'))).toEqual(['figure_mismatch: Tuesday']);
    expect(flagsOf(passage, draft('tuesday'))).toEqual(['figure_mismatch: tuesday']);
    const [flag] = checkGrounding({
      sections: [{ key: 'k', text: draft('Tuesday') }],
      sources: [{ id: 's', text: passage }],
    }).flags;
    expect(flag).toMatchObject({ severity: 'blocking', evidence: { text: 'Saturday' } });
    // No day in the passage, and none anywhere in the sources.
    const undated = 'The Edinburgh side will face Rangers in the Scottish Cup final at Hampden Park.';
    expect(flagsOf(undated, draft('Tuesday'))).toEqual(['figure_mismatch: Tuesday']);
  });

  test("a pronoun in the place of the passage's other-gender pronoun is flagged; a rewording is not", () => {
    const passage =
      'First-choice keeper Brown is expected to be out for three to six weeks with a fractured finger on his right hand.';
    const draft = (rest: string) =>
      `First-choice keeper Brown is expected to be out for three to six weeks with ${rest}.`;
    expect(flagsOf(passage, draft('a fractured finger on his right hand'))).toEqual([]);
    expect(flagsOf(passage, draft('a fractured finger on her right hand'))).toEqual(['name_mismatch: her']);
    // Other words between the anchors: not the same place, so not the same person.
    expect(flagsOf(passage, draft('a fractured finger, she said, on the right hand'))).not.toContain(
      'name_mismatch: she',
    );
    const opening = 'At age 44, he became the youngest prime minister in more than 50 years.';
    expect(flagsOf(opening, 'At age 44, she became the youngest prime minister in more than 50 years.')).toEqual([
      'name_mismatch: she',
    ]);
  });

  test('a sentence opening with the other pronoun and the same word as its passage is flagged, however reworded the rest', () => {
    const passage =
      'He said: "In order to take advantage of the new world as it exists in the aftermath of the Brexit vote, a clear and collective approach from the City of Glasgow is required."';
    const draft = (who: string) =>
      `${who} said: "To capitalise on the new world as it will exist after the Brexit vote, a clear and collective approach from the City of Glasgow is required."`;
    // The quotation is reworded too (a flag of its own); only the speaker is at issue here.
    const names = (who: string) => flagsOf(passage, draft(who)).filter((f) => f.startsWith('name_mismatch'));
    expect(names('He')).toEqual([]);
    expect(names('She')).toEqual(['name_mismatch: She']);
    // Another word after it: not the same opening.
    expect(names('She also')).toEqual([]);
  });

  test('a part of the day where the passage has another stretch is flagged; evening for night is not', () => {
    const passage = 'Police said the suspect, who is 24, was arrested on Tuesday evening at a house in Lowestoft.';
    const draft = (part: string) => `The suspect, 24, was arrested on Tuesday ${part} at a house in Lowestoft.`;
    expect(flagsOf(passage, draft('evening'))).toEqual([]);
    expect(flagsOf(passage, draft('night'))).toEqual([]);
    expect(flagsOf(passage, draft('morning'))).toEqual(['figure_mismatch: morning']);
  });

  test('a share where the passage has a count, in the same place, is a swap', () => {
    const passage =
      'Alton Towers was temporarily closed after 16 people were injured in a collision on the Smiler rollercoaster. Visitor numbers fell 11.4% that year.';
    const draft = (n: string) => `Alton Towers was temporarily closed after ${n} people were injured in a collision.`;
    expect(flagsOf(passage, draft('16'))).toEqual([]);
    const [flag] = checkGrounding({
      sections: [{ key: 'k', text: draft('11.4%') }],
      sources: [{ id: 's', text: passage }],
    }).flags;
    expect(flag).toMatchObject({
      kind: 'figure_mismatch',
      severity: 'blocking',
      text: '11.4%',
      evidence: { text: '16' },
    });
  });

  test('a swap pinned between matched words blocks even on a loosely aligned sentence', () => {
    const source = [
      'Deutsche Bank has said it could move up to 4,000 jobs to Frankfurt and other EU locations.',
      'The bank employs about 9,000 people in Britain.',
      'It moved 1,000 staff to Berlin in 2015.',
    ].join('\n\n');
    const draft = (n: string) =>
      `Deutsche Bank has announced that it could move up to ${n} jobs to Frankfurt and other EU countries.`;
    const report = (n: string) =>
      checkGrounding({ sections: [{ key: 'k', text: draft(n) }], sources: [{ id: 's', text: source }] });
    expect(report('4,000').flags).toEqual([]);
    const swapped = report('1,000');
    expect(swapped.alignments[0].score).toBeLessThan(0.6);
    expect(swapped.flags.map((f) => [f.kind, f.severity, f.text, f.evidence?.text])).toEqual([
      ['figure_mismatch', 'blocking', '1,000', '4,000'],
    ]);
  });

  test("a word nearer the other end of the draft's own range does not speak against a figure", () => {
    const source =
      'We increased our adjusted EBITDA guidance range last quarter to $455 million to $475 million and this guidance remains unchanged.';
    expect(
      flagsAgainst(source, 'Adjusted EBITDA guidance remains unchanged at $455 million to $475 million this quarter.'),
    ).toEqual([]);
    expect(
      flagsAgainst(source, 'Adjusted EBITDA guidance remains unchanged at $475 million to $455 million this quarter.'),
    ).toEqual([]);
  });

  test('a word beside two figures goes with the nearer one', () => {
    const passage =
      'He played the full 120 minutes it took the Gunners to grind out a 2-1 win over Reading in the semi-final.';
    expect(flagsOf(passage, 'He played the full 120 minutes in the 2-1 semi-final win over Reading.')).toEqual([]);
    expect(flagsOf(passage, 'He played the full 2 minutes in the 120-1 semi-final win over Reading.')).toContain(
      'figure_mismatch: 2',
    );
  });

  test('a word standing as near to two figures ("rose") does not vouch for either', () => {
    const passage =
      'The cost of crude oil rose 10.8% from January through April. In the same period the retail price of gasoline rose 24.9%.';
    expect(flagsOf(passage, 'In the same period the retail price of gasoline rose 10.8%.')).toEqual([
      'figure_mismatch: 10.8%',
    ]);
    expect(flagsOf(passage, 'In the same period the retail price of gasoline rose 24.9%.')).toEqual([]);
  });

  test('a negation put before or taken from a function word ("will not do") is caught', () => {
    const passage = 'I will do what I can to amend the law so that it can be respected and enforced.';
    expect(
      flagsOf(passage, 'I will not do what I can to amend the law so that it can be respected and enforced.'),
    ).toEqual(['polarity: not do']);
    const [flag] = checkGrounding({
      sections: [{ key: 'summary', text: 'I will not do what I can to amend the law so that it can be respected.' }],
      sources: [{ id: 's1', text: around(passage) }],
    }).flags;
    expect(flag.message).toMatch(/says 'I will do' without a negation/);
    expect(flag.evidence?.text).toBe('I will do');
    const refusal = 'I will not do what I can to amend the federal mining law this year, the senator told reporters.';
    expect(
      flagsOf(refusal, 'I will do what I can to amend the federal mining law this year, the senator told reporters.'),
    ).toEqual(['polarity: I will do']);
  });

  test('a negation that moved within the same words, or is said as "unable to", is no reversal', () => {
    const told = 'Chappelle told police it seemed that his attacker was not remorseful about the attack.';
    const polarity = (passage: string, draft: string) =>
      flagsOf(passage, draft).filter((f) => f.startsWith('polarity'));
    expect(polarity(told, 'Chappelle told police his attacker did not seem remorseful about the attack.')).toEqual([]);
    expect(
      polarity(told, 'Chappelle told police it seemed that his attacker was remorseful about the attack.'),
    ).toEqual(['polarity: remorseful']);
    const unable = 'Reading had fought valiantly but were unable to score another equaliser at Wembley.';
    expect(polarity(unable, 'Reading had fought valiantly but could not score another equaliser at Wembley.')).toEqual(
      [],
    );
    expect(
      polarity(unable, 'Reading had fought valiantly and were able to score another equaliser at Wembley.'),
    ).toEqual(['polarity: score']);
  });

  test('words in capitals for emphasis ("CLICK HERE") are no name', () => {
    const flags = flagsOf(
      'City beat United 4-2 at the Etihad on Sunday.',
      'City beat United 4-2 at the Etihad on Sunday. CLICK HERE for all the latest news.',
    );
    expect(flags).toEqual(['no_support: CLICK HERE for all the latest news.']);
  });

  test('two passages telling one event in their own words are merged, not stitched; a subject moved onto another predicate is', () => {
    const source = [
      'The Ohio Department of Transportation approved a new bridge over the Scioto River on Monday.',
      'Officials said construction crews will begin clearing the riverbank in March.',
      'The state budget office warned that fuel costs have doubled since last winter.',
      'Local farmers said the drought has ruined most of the soybean harvest this year.',
      'The governor praised the engineers who designed the crossing.',
      'Lawmakers in Columbus debated a tax on plastic bags for three hours.',
      'The crossing will carry four lanes of traffic and a cycle path, the department said.',
    ].join('\n\n');
    const flags = (draft: string) => flagsAgainst(source, draft);
    expect(
      flags(
        'Approved on Monday, the four-lane Scioto River crossing will carry a cycle path, the Ohio Department of Transportation said.',
      ),
    ).toEqual([]);
    expect(
      flags('The Ohio Department of Transportation warned that fuel costs have doubled since last winter.'),
    ).toEqual(['stitched: warned that fuel costs have doubled since last winter']);
  });
});
