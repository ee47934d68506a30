import type { SourceInput } from '../../server/sources/ingest/prepareSource.js';

/** A corpus of loosely related energy pieces and a Yucca Mountain story whose parts match each other strongly. */
const TOPICS = ['wind farms', 'coal plants', 'pipeline permits', 'grid upgrades', 'fuel prices', 'solar tariffs'];
const YUCCA = [
  'The energy committee voted on the Yucca Mountain repository. Yucca Mountain opponents said the repository plan ignores groundwater. Energy officials defended the schedule.',
  'Nevada filed a new challenge to Yucca Mountain, arguing the repository licence review skipped seismic data. Lawyers for the state said Yucca Mountain cannot open before the courts rule.',
  'Transport of spent fuel to Yucca Mountain would cross forty states, a study found. Rail routes to the Yucca Mountain repository need new bridges, inspectors said in testimony.',
  'A federal court paused the Yucca Mountain repository licence review after Nevada showed new seismic data. The Yucca Mountain decision sends the repository plan back to regulators.',
];

/** The i-th filler piece: shares "energy" and one topic with many others, nothing with the Yucca story. */
export function energyPiece(i: number, over: Partial<SourceInput> = {}): SourceInput {
  const topic = TOPICS[i % TOPICS.length];
  return {
    origin: 'api',
    url: `https://desk.example/energy/${i}`,
    publisher: 'Energy Desk',
    title: `Energy policy update ${i}: ${topic}`,
    text:
      `The energy committee discussed ${topic} on day ${i}. Energy officials said energy demand keeps rising, and the energy bill covers ${topic}. ` +
      `Members asked how energy markets would respond to the ${topic} rules.`,
    publishedAt: new Date(Date.UTC(2024, 3, 1 + (i % 20))),
    archive: { contentType: 'application/json', body: '{}' },
    ...over,
  };
}

/** Part i (0–3) of the Yucca Mountain story; part 4 (i = 3) is the news a published briefing on parts 1–3 lacks. */
export const yuccaPiece = (i: number): SourceInput =>
  energyPiece(100 + i, {
    url: `https://desk.example/yucca/${i}`,
    publisher: i === 3 ? 'Nevada Current' : 'Energy Desk',
    title: `Yucca Mountain repository, part ${i + 1}`,
    text: YUCCA[i],
  });

/** A source as an import file line (JSON Lines), the way a publisher's export arrives. */
export function importLine(s: SourceInput): string {
  return JSON.stringify({
    title: s.title,
    text: s.text,
    publisher: s.publisher,
    url: s.url,
    published_at: s.publishedAt?.toISOString(),
  });
}
