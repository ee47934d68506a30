import type { Prisma } from '../generated/prisma/client.js';
import { ConflictError } from '../errors/AppError.js';

type Tx = Prisma.TransactionClient;

/**
 * The briefing's sources (lead and linked) still under embargo at `at`, latest embargo first:
 * the first one is the earliest time the briefing may appear.
 */
export async function embargoedSources(tx: Tx, briefingId: string, at: Date) {
  return tx.source.findMany({
    where: {
      notBefore: { gt: at },
      OR: [{ leadOf: { some: { id: briefingId } } }, { briefings: { some: { briefingId } } }],
    },
    select: { id: true, title: true, publisher: true, notBefore: true },
    orderBy: { notBefore: 'desc' },
  });
}

/** 409 `source_embargoed` naming the source and the time when a source forbids publishing at `at`. */
export async function requireEmbargoLifted(tx: Tx, briefingId: string, at: Date, field?: string): Promise<void> {
  const [first, ...rest] = await embargoedSources(tx, briefingId, at);
  if (!first) return;
  const until = first.notBefore!.toISOString();
  throw new ConflictError(
    'source_embargoed',
    `Source “${first.title}” (${first.publisher}) is under embargo until ${until}; the briefing cannot appear before then.`,
    {
      extra: {
        embargoes: [first, ...rest].map((s) => ({
          sourceId: s.id,
          title: s.title,
          publisher: s.publisher,
          notBefore: s.notBefore!.toISOString(),
        })),
      },
      ...(field ? { issues: [{ field, message: `must not be before ${until} (embargo of “${first.title}”)` }] } : {}),
    },
  );
}
