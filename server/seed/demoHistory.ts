import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connect.js';
import type { Logger } from '../logging/logger.js';
import type { Actor } from '../policies/actor.js';
import type { PublishDeps } from '../publishing/publishDeps.js';
import type { OfflineStyle } from '../drafting/offline/offlineDrafter.js';
import { readContent } from '../review/content.js';
import { readReport } from '../review/grounding.js';
import { claimGeneration } from '../drafting/generations/claimGeneration.js';
import { runGeneration } from '../drafting/generations/runGeneration.js';
import { startBriefing } from '../commands/briefings/startBriefing.js';
import { requestRegeneration } from '../commands/generations/requestRegeneration.js';
import { saveRevision } from '../commands/review/saveRevision.js';
import { acknowledgeFlag } from '../commands/review/acknowledgeFlag.js';
import { approveAndSignOff } from '../commands/review/approveAndSignOff.js';
import { publishBriefing } from '../commands/publishing/publishBriefing.js';
import { markNotificationsRead } from '../commands/review/markNotificationsRead.js';
import { DEMO_USERS } from './demoUsers.js';
import { fixFigure, mistypeFigure, reviewerEdits } from './demoEdits.js';

/**
 * The demo's first three weeks were drafted with these offline-drafter settings (a longer 30 Second
 * Briefing and Technical Brief), the last three with the current defaults: two prompt versions to
 * compare on the Insights page.
 */
export const DEMO_EARLIER_OFFLINE_STYLE: OfflineStyle = {
  briefingSentences: 6,
  briefingWords: 220,
  leadBullets: 6,
  maxBullets: 8,
};

const WEEKS = 6;
const PER_WEEK = 2;
const regenerates = (i: number) => i % 5 === 2;

/** What a complete demo history holds, so that tests of concurrent seeding can say "exactly once". */
export const DEMO_HISTORY = {
  briefings: WEEKS * PER_WEEK,
  generations: WEEKS * PER_WEEK + Array.from({ length: WEEKS * PER_WEEK }, (_, i) => i).filter(regenerates).length,
};
const HOUR = 3_600_000;
const MINUTE = 60_000;

async function actorFor(db: Db, email: string): Promise<Actor | null> {
  const u = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, displayName: true, roles: true, timezone: true },
  });
  return u ? { kind: 'session', userId: u.id, ...u } : null;
}

/** Monday 00:00 UTC of the week `weeksBack` weeks before the one `now` is in. */
function mondayOf(now: Date, weeksBack: number): number {
  const day = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const dow = new Date(day).getUTCDay() || 7;
  return day - (dow - 1) * 24 * HOUR - weeksBack * 7 * 24 * HOUR;
}

/**
 * A few weeks of editorial history, made by the real commands with their clocks set back: an editor
 * starts a briefing, the offline drafter writes it (sometimes an editor asks for a regeneration), a
 * reviewer edits, acknowledges what is left flagged, signs off, and an editor publishes. The newest
 * two stop short (one signed, one in review). Does nothing once any briefing exists.
 */
export async function seedDemoHistory(deps: PublishDeps, logger: Logger, now = new Date()): Promise<void> {
  const db = deps.db.prisma;
  if ((await db.briefing.count()) > 0) return;
  const editor = await actorFor(db, 'editor@demo.test');
  const reviewers = (
    await Promise.all(DEMO_USERS.filter((u) => u.roles.includes('reviewer')).map((u) => actorFor(db, u.email)))
  ).filter((a): a is Actor => a !== null);
  if (!editor || reviewers.length === 0) return;
  const password = (a: Actor) => DEMO_USERS.find((u) => u.email === a.email)!.password;
  const leads = await db.source.findMany({
    where: { duplicateOfId: null, wordCount: { gte: 150 } },
    orderBy: [{ publishedAt: 'desc' }, { id: 'asc' }],
    select: { id: true },
    // The newest is the live demo briefing's lead (demoBriefing.ts).
    skip: 1,
    take: WEEKS * PER_WEEK,
  });
  const started = Date.now();
  const owner = `seed:${process.pid}:${randomUUID().slice(0, 8)}`;
  const runDraft = async (at: number, style: OfflineStyle | undefined) => {
    const job = await claimGeneration(db, owner, 60_000, new Date(at));
    if (!job) throw new Error('demo history: the queued generation was not there to run');
    const outcome = await runGeneration(job, {
      db,
      logger,
      llm: null,
      owner,
      leaseMs: 60_000,
      offlineStyle: style,
      now: () => new Date(at + MINUTE),
    });
    if (outcome !== 'succeeded') throw new Error(`demo history: generation ${outcome}`);
  };
  const at = (t: number) => ({ db: { prisma: db }, now: () => new Date(t) });
  const current = async (briefingId: string) => {
    const b = await db.briefing.findUniqueOrThrow({
      where: { id: briefingId },
      select: { currentRevision: { select: { id: true, content: true, grounding: true } } },
    });
    return b.currentRevision!;
  };

  for (let i = 0; i < leads.length; i++) {
    const week = Math.floor(i / PER_WEEK);
    const earlier = week < WEEKS / 2;
    // Tuesday or Thursday morning, a little later each time.
    let t =
      mondayOf(now, WEEKS - week) + [1, 3][i % PER_WEEK] * 24 * HOUR + (8 + (i % 4)) * HOUR + ((i * 17) % 60) * MINUTE;
    const reviewer = reviewers[i % reviewers.length];
    const heavy = reviewer !== reviewers[0];
    const last = i === leads.length - 1;
    const signOnly = i === leads.length - 2;

    const { briefing } = await startBriefing(at(t), editor, { leadSourceId: leads[i].id, assigneeId: reviewer.userId });
    await runDraft((t += 2 * MINUTE), earlier ? DEMO_EARLIER_OFFLINE_STYLE : undefined);
    if (regenerates(i)) {
      await requestRegeneration(at((t += 50 * MINUTE)), editor, {
        briefingId: briefing.id,
        section: 'ourTake',
        instructions: 'Shorter Our Take; say what it means for project teams.',
      });
      await runDraft((t += 2 * MINUTE), earlier ? DEMO_EARLIER_OFFLINE_STYLE : undefined);
    }

    const figure = i % 3 === 1 ? null : [13, 17, 19, 23, 27][i % 5];
    t += (earlier ? 18 : 6) * HOUR + ((i * 37) % 180) * MINUTE;
    let rev = await current(briefing.id);
    const edits = reviewerEdits(readContent(rev.content), { keepSentences: heavy ? 2 : 3, figure, heavy });
    // The one left in review carries a slip for a new reviewer to catch (see mistypeFigure).
    await saveRevision(
      db,
      reviewer,
      briefing.id,
      { baseRevisionId: rev.id, sections: last ? mistypeFigure(edits) : edits },
      new Date(t),
    );
    if (figure !== null && i % 2 === 0) {
      rev = await current(briefing.id);
      await saveRevision(
        db,
        reviewer,
        briefing.id,
        { baseRevisionId: rev.id, sections: fixFigure(readContent(rev.content), figure) },
        new Date((t += 40 * MINUTE)),
      );
    }
    if (last) continue; // still in review
    rev = await current(briefing.id);
    for (const flag of readReport(rev.grounding).flags) {
      await acknowledgeFlag(
        db,
        reviewer,
        briefing.id,
        {
          flagId: flag.id,
          resolution: 'acknowledged',
          note: 'Checked: our own analysis, not a claim from the sources.',
        },
        new Date((t += 3 * MINUTE)),
      );
    }
    await approveAndSignOff(
      db,
      reviewer,
      briefing.id,
      {
        revisionId: rev.id,
        password: password(reviewer),
        statement: 'Checked every figure and name against the sources; edited for length.',
      },
      { fourEyes: false, now: new Date((t += 10 * MINUTE)) },
    );
    if (signOnly) continue; // approved, waiting for an editor
    t += (1 + ((i * 7) % 5)) * HOUR;
    await publishBriefing({ ...deps, now: () => new Date(t) }, editor, { briefingId: briefing.id });
  }
  // The history's notifications are old news; the live demo briefing's are not made yet.
  for (const a of [editor, ...reviewers]) await markNotificationsRead(db, a, {}, now);
  logger.info({ briefings: leads.length, ms: Date.now() - started }, 'seeded demo history');
}
