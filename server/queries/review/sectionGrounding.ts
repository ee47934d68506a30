import type { Db } from '../../db/connect.js';
import { NotFoundError, ValidationError } from '../../errors/AppError.js';
import { readContent } from '../../review/content.js';
import { groundSection, groundingSources } from '../../review/grounding.js';
import type { GroundingReport } from '../../grounding/types.js';

export interface SectionCheckInput {
  section: 'title' | 'thirtySecondBriefing' | 'technicalBrief' | 'ourTake';
  text: string;
}

/**
 * Re-checks one section's unsaved text against the briefing's sources (the review workspace calls
 * this while the reviewer types). Reads two rows side by side; the sources' indexes are cached, so
 * only the section's own sentences are aligned.
 */
export async function sectionGrounding(
  db: Db,
  briefingId: string,
  input: SectionCheckInput,
): Promise<GroundingReport & { section: string; revisionId: string }> {
  const [b, sources] = await Promise.all([
    db.briefing.findUnique({
      where: { id: briefingId },
      select: { facts: true, currentRevision: { select: { id: true, content: true } } },
    }),
    groundingSources(db, briefingId),
  ]);
  if (!b) throw new NotFoundError('No such briefing.');
  if (!b.currentRevision) {
    throw new ValidationError('This briefing has no revision yet: there is nothing to edit.', {
      issues: [{ field: 'id', message: 'no revision' }],
    });
  }
  const report = groundSection(readContent(b.currentRevision.content), input.section, input.text, sources, b.facts);
  return { section: input.section, revisionId: b.currentRevision.id, ...report };
}
