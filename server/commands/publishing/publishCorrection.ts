import type { Actor } from '../../policies/actor.js';
import { hasRole } from '../../policies/actor.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors/AppError.js';
import { requireValidSignOff } from '../../publishing/signOffCheck.js';
import { requireEmbargoLifted } from '../../publishing/embargo.js';
import { chooseSlug, lockBriefing, writePublication } from '../../publishing/writePublication.js';
import type { PublishDeps, PublishOptions } from '../../publishing/publishDeps.js';
import { LIVE } from '../../publishing/live.js';
// Readers in this process see the change at once; other processes within SITE_VERSION_MAX_AGE_MS.
import { invalidateSiteVersion } from '../../publishing/site/siteVersion.js';

/**
 * Publishes a newly signed-off revision of a live briefing as the next
 * version, with a dated note readers see; earlier versions stay reachable.
 */
export async function publishCorrection(
  deps: PublishDeps,
  actor: Actor,
  input: { briefingId: string; note: string; slug?: string },
  opts: PublishOptions = {},
) {
  if (!hasRole(actor, 'editor')) throw new ForbiddenError('Only editors can publish corrections.');
  const result = await deps.db.prisma.$transaction(
    async (tx) => {
      const briefing = await lockBriefing(tx, input.briefingId);
      if (!briefing) throw new NotFoundError('No such briefing.');
      const live = await tx.publication.findFirst({
        where: { briefingId: briefing.id, ...LIVE },
        select: { version: true, revisionId: true },
      });
      if (!live) throw new ConflictError('not_published', 'Only a live briefing can be corrected; publish it first.');
      if (briefing.state !== 'approved' && briefing.state !== 'published') {
        throw new ConflictError(
          'not_approved',
          `The correction must be approved first; this briefing is ${briefing.state.replace('_', ' ')}.`,
          { extra: { state: briefing.state } },
        );
      }
      const { revision, signOff } = await requireValidSignOff(tx, briefing);
      await requireEmbargoLifted(tx, briefing.id, deps.now());
      if (revision.id === live.revisionId && !input.slug) {
        throw new ConflictError(
          'no_changes',
          `Revision ${revision.number} is already live as version ${live.version}; sign off a corrected revision first.`,
        );
      }
      const slug = input.slug ? await chooseSlug(tx, briefing.id, input.slug, input.slug) : briefing.slug!;
      return writePublication(
        tx,
        deps,
        actor,
        { type: 'corrected', briefing, revision, signOff, slug, note: input.note.trim() },
        opts,
      );
    },
    { timeout: 20_000 },
  );
  invalidateSiteVersion(deps.db.prisma);
  return result;
}
