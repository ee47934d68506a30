import type { Prisma } from '../generated/prisma/client.js';
import type { Actor } from '../policies/actor.js';
import type { Draft } from '../drafting/draftSchema.js';
import { ConflictError } from '../errors/AppError.js';
import { requireValidSignOff } from './signOffCheck.js';
import { requireEmbargoLifted } from './embargo.js';
import { chooseSlug, writePublication, type lockBriefing } from './writePublication.js';
import { LIVE } from './live.js';
import type { PublishDeps, PublishOptions } from './publishDeps.js';

type Tx = Prisma.TransactionClient;
type Locked = NonNullable<Awaited<ReturnType<typeof lockBriefing>>>;

/**
 * The first publication (or the next after a withdrawal) of a locked, approved briefing, inside the
 * caller's transaction: shared by the editor's Publish and the scheduled publisher. Each refusal is a
 * 409 naming its reason; `signOffId` pins the sign-off a schedule was made under.
 */
export async function publishApprovedInTx(
  tx: Tx,
  deps: PublishDeps,
  actor: Actor,
  briefing: Locked,
  input: { slug?: string; signOffId?: string },
  opts: PublishOptions = {},
) {
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
  if (input.signOffId && signOff.id !== input.signOffId)
    throw new ConflictError('sign_off_changed', 'The sign-off this was scheduled under is no longer the current one.');
  await requireEmbargoLifted(tx, briefing.id, deps.now());
  const content = revision.content as Partial<Draft>;
  const slug = await chooseSlug(
    tx,
    briefing.id,
    input.slug,
    briefing.slug ?? content.slugSuggestion ?? content.title ?? briefing.title,
  );
  return writePublication(tx, deps, actor, { type: 'published', briefing, revision, signOff, slug }, opts);
}
