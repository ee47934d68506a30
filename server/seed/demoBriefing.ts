import type { Db } from '../db/connect.js';
import type { Logger } from '../logging/logger.js';
import { startBriefing } from '../commands/briefings/startBriefing.js';

/**
 * One demo briefing, started by the demo editor and assigned to the demo
 * reviewer. Its first draft is queued: the generation worker writes it once
 * the app runs (offline without an LLM), so the desk shows the whole flow.
 */
export async function seedDemoBriefing(db: Db, logger: Logger): Promise<void> {
  const editor = await db.user.findUnique({
    where: { email: 'editor@demo.test' },
    select: { id: true, email: true, displayName: true, roles: true, timezone: true },
  });
  const reviewer = await db.user.findUnique({ where: { email: 'reviewer@demo.test' }, select: { id: true } });
  const lead = await db.source.findFirst({
    where: { duplicateOfId: null, wordCount: { gte: 150 } },
    orderBy: [{ publishedAt: 'desc' }, { id: 'asc' }],
    select: { id: true },
  });
  if (!editor || !lead) return;
  if (await db.briefing.findFirst({ where: { leadSourceId: lead.id }, select: { id: true } })) return;
  const actor = {
    kind: 'session' as const,
    userId: editor.id,
    email: editor.email,
    displayName: editor.displayName,
    roles: editor.roles,
    timezone: editor.timezone,
  };
  const { briefing } = await startBriefing({ db: { prisma: db }, now: () => new Date() }, actor, {
    leadSourceId: lead.id,
    assigneeId: reviewer?.id,
  });
  logger.info({ briefingId: briefing.id }, 'demo briefing started; its draft is written by the generation worker');
}
