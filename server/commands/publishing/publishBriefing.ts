import type { Actor } from '../../policies/actor.js';
import { hasRole } from '../../policies/actor.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors/AppError.js';
import { requireValidSignOff } from '../../publishing/signOffCheck.js';
import { chooseSlug, lockBriefing, writePublication } from '../../publishing/writePublication.js';
import type { PublishDeps, PublishOptions } from '../../publishing/publishDeps.js';
import { LIVE } from '../../publishing/live.js';
// Readers in this process see the change at once; other processes within SITE_VERSION_MAX_AGE_MS.
import { invalidateSiteVersion } from '../../publishing/site/siteVersion.js';
import type { Draft } from '../../drafting/draftSchema.js';

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
      const live = await tx.publication.findFirst({
        where: { briefingId: briefing.id, ...LIVE },
        select: { version: true },
      });
      if (live)
        throw new ConflictError(
          'already_published',
          `This briefing is already published (version ${live.version}); publish a correction instead.`,
        );
      if (briefing.state !== 'approved') {
        throw new ConflictError(
          'not_approved',
          `Only approved briefings can be published; this one is ${briefing.state.replace('_', ' ')}.`,
          { extra: { state: briefing.state } },
        );
      }
      const { revision, signOff } = await requireValidSignOff(tx, briefing);
      const content = revision.content as Partial<Draft>;
      const slug = await chooseSlug(
        tx,
        briefing.id,
        input.slug,
        briefing.slug ?? content.slugSuggestion ?? content.title ?? briefing.title,
      );
      return writePublication(tx, deps, actor, { type: 'published', briefing, revision, signOff, slug }, opts);
    },
    { timeout: 20_000 },
  );
  invalidateSiteVersion(deps.db.prisma);
  return result;
}
