/**
 * `npm run cli -- grounding <draft.json> <sources.jsonl> [--fail-on-flags]`: prints the
 * grounding report as JSON. I/O is injected so the command is testable without a filesystem.
 */
import { z } from 'zod';
import { ValidationError } from '../errors/AppError.js';
import { checkGrounding } from './checkGrounding.js';
import type { GroundingInput, GroundingReport, GroundingSection, GroundingSource } from './types.js';

export interface GroundingCliIo {
  readFile: (path: string) => Promise<string> | string;
  stdout: ((text: string) => unknown) | { write: (text: string) => unknown };
}

const claimSchema = z.object({ text: z.string(), sourceId: z.string(), evidenceQuote: z.string() });
const factSchema = z.object({ label: z.string(), value: z.number() });

const sectionsDraft = z.object({
  sections: z.array(z.object({ key: z.string().min(1), text: z.string() })),
  claims: z.array(claimSchema).optional(),
  facts: z.array(factSchema).optional(),
});

const briefingDraft = z.object({
  title: z.string().optional(),
  thirtySecondBriefing: z.string().optional(),
  technicalBrief: z.array(z.union([z.string(), z.object({ text: z.string() })])).optional(),
  ourTake: z.union([z.string(), z.array(z.string())]).optional(),
  claims: z.array(claimSchema).optional(),
  facts: z.array(factSchema).optional(),
});

const sourceLine = z
  .object({
    id: z.string().min(1),
    text: z.string().optional(),
    body: z.string().optional(),
    title: z.string().nullish(),
    publisher: z.string().nullish(),
    publishedAt: z.iso.datetime({ offset: true }).or(z.iso.date()).nullish(),
  })
  .refine((s) => s.text !== undefined || s.body !== undefined, { message: 'needs "text" (or "body")' });

function issuesOf(err: z.ZodError, prefix = ''): { field: string; message: string }[] {
  return err.issues.map((i) => ({ field: prefix + i.path.join('.'), message: i.message }));
}

/** Accepts either explicit sections or the briefing shape the drafter produces. */
export function draftToSections(draft: unknown): Omit<GroundingInput, 'sources'> {
  const direct = sectionsDraft.safeParse(draft);
  if (direct.success) return direct.data;
  const briefing = briefingDraft.safeParse(draft);
  if (!briefing.success || (draft && typeof draft === 'object' && 'sections' in draft)) {
    throw new ValidationError(
      'Draft must be {sections:[{key,text}]} or {title, thirtySecondBriefing, technicalBrief, ourTake}.',
      {
        issues: issuesOf(direct.error),
      },
    );
  }
  const b = briefing.data;
  const sections: GroundingSection[] = [];
  if (b.title) sections.push({ key: 'title', text: b.title });
  if (b.thirtySecondBriefing) sections.push({ key: 'thirtySecondBriefing', text: b.thirtySecondBriefing });
  if (b.technicalBrief?.length) {
    sections.push({
      key: 'technicalBrief',
      text: b.technicalBrief.map((x) => (typeof x === 'string' ? x : x.text)).join('\n'),
    });
  }
  if (b.ourTake !== undefined) {
    const text = Array.isArray(b.ourTake) ? b.ourTake.join('\n\n') : b.ourTake;
    if (text) sections.push({ key: 'ourTake', text });
  }
  if (sections.length === 0) throw new ValidationError('Draft has no text to check.');
  return { sections, claims: b.claims, facts: b.facts };
}

export function parseSourcesJsonl(text: string): GroundingSource[] {
  const out: GroundingSource[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new ValidationError(`sources line ${i + 1} is not valid JSON.`, {
        issues: [{ field: `line ${i + 1}`, message: 'invalid JSON' }],
      });
    }
    const r = sourceLine.safeParse(parsed);
    if (!r.success)
      throw new ValidationError(`sources line ${i + 1} is not a source.`, {
        issues: issuesOf(r.error, `line ${i + 1}.`),
      });
    out.push({
      id: r.data.id,
      text: r.data.text ?? r.data.body ?? '',
      title: r.data.title ?? undefined,
      publisher: r.data.publisher ?? undefined,
      publishedAt: r.data.publishedAt ?? undefined,
    });
  });
  return out;
}

const USAGE = 'usage: grounding <draft.json> <sources.jsonl> [--text] [--fail-on-flags]';

/** The report for a person: each flag with its draft span and the source span it differs from. */
export function reportAsText(report: GroundingReport, sources: GroundingSource[]): string {
  const lines = [
    `Grounding report v${report.version}: ${report.stats.blocking} blocking, ${report.stats.advisory} advisory flag(s); ` +
      `${report.stats.aligned} of ${report.stats.sentences} sentence(s) aligned with a source passage.`,
  ];
  for (const f of report.flags) {
    lines.push('', `[${f.severity}] ${f.kind} in ${f.sectionKey}: ${f.message}`);
    lines.push(`    draft  ${f.sectionKey} ${f.start}-${f.end}: "${f.text}"`);
    if (f.evidence) {
      const e = f.evidence;
      const at = e.field === 'title' ? 'title' : `paragraph ${e.paragraph}`;
      const id = sources[e.sourceNumber - 1]?.id ?? e.sourceId;
      lines.push(`    source S${e.sourceNumber} (${id}), ${at}, ${e.start}-${e.end}: "${e.text}"`);
    }
  }
  return lines.join('\n') + '\n';
}

/** Returns the process exit code: 0, or 1 with --fail-on-flags when anything is unsupported. */
export async function runGroundingCli(argv: string[], io: GroundingCliIo): Promise<number> {
  const args = argv[0] === 'grounding' ? argv.slice(1) : argv;
  const failOnFlags = args.includes('--fail-on-flags');
  const asText = args.includes('--text');
  const files = args.filter((a) => !a.startsWith('--'));
  if (files.length !== 2) throw new ValidationError(USAGE);
  const [draftPath, sourcesPath] = files;
  let draft: unknown;
  try {
    draft = JSON.parse(await io.readFile(draftPath));
  } catch (e) {
    if (e instanceof SyntaxError) throw new ValidationError(`${draftPath} is not valid JSON.`, { cause: e });
    throw e;
  }
  const input: GroundingInput = {
    ...draftToSections(draft),
    sources: parseSourcesJsonl(await io.readFile(sourcesPath)),
  };
  const report = checkGrounding(input);
  const out = asText ? reportAsText(report, input.sources) : JSON.stringify(report, null, 2) + '\n';
  if (typeof io.stdout === 'function') io.stdout(out);
  else io.stdout.write(out);
  return failOnFlags && report.flags.length > 0 ? 1 : 0;
}
