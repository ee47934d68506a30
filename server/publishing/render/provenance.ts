import { displayDate } from './dates.js';

/** One source a briefing rests on, as it was when the briefing was published. */
export interface ProvenanceSource {
  role: string;
  url: string;
  publisher: string;
  title: string;
  publishedAt: string | null;
  /** The source's content hash at publish time (sha256 of title + text, see sources/prepareSource). */
  contentHash: string;
}

/** One model run whose output is part of the published revision. */
export interface DraftingStep {
  model: string;
  promptVersion: string | null;
  offline: boolean;
}

/** What publishing records about how the text came about; stored in the snapshot. */
export interface Provenance {
  sources: ProvenanceSource[];
  drafting: DraftingStep[];
}

const IPTC = 'http://cv.iptc.org/newscodes/digitalsourcetype/';

/**
 * The IPTC digital source type of the published text. An LLM draft that a named reviewer edited
 * and signed off is a composite of trained-model output with human-made elements (the reviewer's
 * edits, quoted sources, computed facts): compositeWithTrainedAlgorithmicMedia. The offline
 * drafter assembles source sentences by rule, no trained model: compositeSynthetic. Text with
 * no generation behind it is digitalCreation. Null when the snapshot predates the record.
 */
export function digitalSourceType(p: Provenance | undefined): string | null {
  if (!p) return null;
  if (p.drafting.some((d) => !d.offline)) return IPTC + 'compositeWithTrainedAlgorithmicMedia';
  if (p.drafting.length) return IPTC + 'compositeSynthetic';
  return IPTC + 'digitalCreation';
}

function draftingLine(steps: DraftingStep[]): string {
  if (!steps.length) return 'Written by our editorial team; no AI drafting was used.';
  const parts = steps.map((s) =>
    s.offline
      ? 'the offline drafter (no language model)'
      : `${s.model}${s.promptVersion ? ` with prompt version ${s.promptVersion}` : ''}`,
  );
  return `Drafted by ${[...new Set(parts)].join(' and ')}.`;
}

const TIME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
});

/**
 * The "How this briefing was made" section's view model: every sentence decided here, so the
 * template only lays it out. `recordPath` is this version's signed record.
 */
export function madeSection(i: {
  provenance: Provenance;
  reviewerName: string;
  signedOffAt: Date;
  corrections: { version: number; note: string; at: string }[];
  recordPath: string;
}) {
  return {
    drafting: draftingLine(i.provenance.drafting),
    reviewer: i.reviewerName,
    signedOff: { iso: i.signedOffAt.toISOString(), text: `${TIME.format(i.signedOffAt)} UTC` },
    sources: i.provenance.sources.map((s) => ({
      title: s.title,
      publisher: s.publisher,
      url: /^https?:\/\//.test(s.url) ? s.url : null,
      date: s.publishedAt ? displayDate(new Date(s.publishedAt)) : null,
    })),
    corrections: i.corrections.map((c) => ({ note: c.note, version: c.version, date: displayDate(new Date(c.at)) })),
    recordPath: i.recordPath,
  };
}

/** schema.org isBasedOn entries, one per source. */
export function basedOnJsonLd(p: Provenance) {
  return p.sources.map((s) => ({
    '@type': 'CreativeWork',
    name: s.title,
    ...(/^https?:\/\//.test(s.url) ? { url: s.url } : {}),
    publisher: { '@type': 'Organization', name: s.publisher },
    ...(s.publishedAt ? { datePublished: s.publishedAt } : {}),
  }));
}
