import type { Actor } from '../../policies/actor.js';
import { hasRole } from '../../policies/actor.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors/AppError.js';
import { recordAudit } from '../../audit/recordAudit.js';
import { lockBriefing } from '../../publishing/writePublication.js';
import { enqueueEvent } from '../../publishing/outbox.js';
import type { PublishDeps } from '../../publishing/publishDeps.js';
import { LIVE } from '../../publishing/live.js';
// Readers in this process see the change at once; other processes within SITE_VERSION_MAX_AGE_MS.
import { invalidateSiteVersion } from '../../publishing/site/siteVersion.js';

/** Takes every version off the site (they answer 410 Gone); the rows stay for the record. */
export async function unpublishBriefing(
  deps: Pick<PublishDeps, 'db' | 'now'>,
  actor: Actor,
  input: { briefingId: string; reason?: string },
) {
  if (!hasRole(actor, 'editor')) throw new ForbiddenError('Only editors can unpublish.');
  const now = deps.now();
  const result = await deps.db.prisma.$transaction(async (tx) => {
    const briefing = await lockBriefing(tx, input.briefingId);
    if (!briefing) throw new NotFoundError('No such briefing.');
    const live = await tx.publication.findFirst({
      where: { briefingId: briefing.id, ...LIVE },
      select: { id: true, version: true, slug: true },
    });
    if (!live) throw new ConflictError('not_published', 'This briefing is not on the site.');
    await tx.publication.updateMany({
      where: { briefingId: briefing.id, unpublishedAt: null },
      data: { unpublishedAt: now },
    });
    await tx.briefing.update({
      where: { id: briefing.id },
      data: { state: 'withdrawn', lockVersion: { increment: 1 } },
    });
    await recordAudit(tx, {
      actor,
      action: 'briefing.unpublished',
      entityType: 'briefing',
      entityId: briefing.id,
      data: { version: live.version, slug: live.slug, reason: input.reason ?? null },
      at: now,
    });
    await enqueueEvent(tx, {
      type: 'unpublished',
      briefingId: briefing.id,
      now,
      payload: {
        briefingId: briefing.id,
        slug: live.slug,
        version: live.version,
        unpublishedAt: now.toISOString(),
        reason: input.reason ?? null,
      },
    });
    return { version: live.version, slug: live.slug, unpublishedAt: now };
  });
  invalidateSiteVersion(deps.db.prisma);
  return result;
}
