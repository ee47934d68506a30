import type { Actor } from '../../policies/actor.js';
import { hasRole } from '../../policies/actor.js';
import { ForbiddenError, NotFoundError } from '../../errors/AppError.js';
import { lockBriefing } from '../../publishing/writePublication.js';
import { publishApprovedInTx } from '../../publishing/publishApproved.js';
import type { PublishDeps, PublishOptions } from '../../publishing/publishDeps.js';
// Readers in this process see the change at once; other processes within SITE_VERSION_MAX_AGE_MS.
import { invalidateSiteVersion } from '../../publishing/site/siteVersion.js';

/** Puts an approved, signed-off briefing on the site as version 1 (or the next version after a withdrawal). */
export async function publishBriefing(
  deps: PublishDeps,
  actor: Actor,
  input: { briefingId: string; slug?: string },
  opts: PublishOptions = {},
) {
  if (!hasRole(actor, 'editor')) throw new ForbiddenError('Only editors can publish.');
  const result = await deps.db.prisma.$transaction(
    async (tx) => {
      const briefing = await lockBriefing(tx, input.briefingId);
      if (!briefing) throw new NotFoundError('No such briefing.');
      const publication = await publishApprovedInTx(tx, deps, actor, briefing, { slug: input.slug }, opts);
      // Publishing by hand fulfils a pending schedule rather than leaving it to fail at its time.
      await tx.publishSchedule.updateMany({
        where: { briefingId: briefing.id, status: 'pending' },
        data: {
          status: 'published',
          publicationId: publication.id,
          finishedAt: deps.now(),
          reason: 'Published by hand.',
        },
      });
      return publication;
    },
    { timeout: 20_000 },
  );
  invalidateSiteVersion(deps.db.prisma);
  return result;
}
