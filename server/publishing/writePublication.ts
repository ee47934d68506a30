import { createHash } from 'node:crypto';
import type { Prisma } from '../generated/prisma/client.js';
import type { Actor } from '../policies/actor.js';
import type { Draft } from '../drafting/draftSchema.js';
import { recordAudit } from '../audit/recordAudit.js';
import { lockTransaction } from '../db/transactionLock.js';
import { ConflictError } from '../errors/AppError.js';
import { buildArticleSnapshot, snapshotBodyText, type CorrectionEntry } from './render/articleSnapshot.js';
import { renderSitePage } from './render/siteLayout.js';
import { relatedArticles, relatedCatalogue } from './related.js';
import { enqueueEvent } from './outbox.js';
import { gatherProvenance } from './gatherProvenance.js';
import { contentHashOfPage } from './record/pageContent.js';
import { normaliseKeyword, slugify } from './slug.js';
import { siteOrigin, type PublishDeps, type PublishOptions } from './publishDeps.js';

type Tx = Prisma.TransactionClient;

export const DISCLOSURE_SETTING = 'site.disclosure';

export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** Serialises publishing of one briefing across processes; the row lock lasts until commit. */
export async function lockBriefing(tx: Tx, briefingId: string) {
  await tx.$queryRaw`SELECT 1 FROM "Briefing" WHERE "id" = ${briefingId}::uuid FOR UPDATE`;
  return tx.briefing.findUnique({
    where: { id: briefingId },
    select: {
      id: true,
      state: true,
      slug: true,
      title: true,
      currentRevisionId: true,
      leadSource: { select: { publisher: true, url: true, title: true } },
    },
  });
}

async function disclosureText(tx: Tx, fallback: string): Promise<string> {
  const row = await tx.setting.findUnique({ where: { key: DISCLOSURE_SETTING }, select: { value: true } });
  return typeof row?.value === 'string' && row.value.trim() ? row.value.trim() : fallback;
}

async function slugTaken(tx: Tx, slug: string, briefingId: string): Promise<boolean> {
  const [other, redirect] = await Promise.all([
    tx.briefing.findFirst({ where: { slug, id: { not: briefingId } }, select: { id: true } }),
    tx.slugRedirect.findFirst({
      where: { fromSlug: slug, briefingId: { not: briefingId } },
      select: { fromSlug: true },
    }),
  ]);
  return Boolean(other || redirect);
}

/**
 * An explicit slug must be free; a derived one gets a numeric suffix instead. Two briefings
 * published at once with the same title or slug would both find it free and the second insert
 * would hit the unique index: the choice holds a lock until the publication commits, so the
 * second one sees the first one's slug (and gets "-2", or slug_taken for an explicit slug).
 */
export async function chooseSlug(
  tx: Tx,
  briefingId: string,
  explicit: string | undefined,
  derived: string,
): Promise<string> {
  await lockTransaction(tx, 'publicationSlug');
  if (explicit) {
    if (await slugTaken(tx, explicit, briefingId)) {
      throw new ConflictError('slug_taken', `The address /news/${explicit} is already used by another briefing.`, {
        issues: [{ field: 'slug', message: 'already in use' }],
      });
    }
    return explicit;
  }
  const base = slugify(derived);
  for (let n = 1; n < 100; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await slugTaken(tx, candidate, briefingId))) return candidate;
  }
  throw new ConflictError('slug_taken', `No free address near /news/${base}; choose a slug.`, {
    issues: [{ field: 'slug', message: 'choose one' }],
  });
}

export interface WriteInput {
  type: 'published' | 'corrected';
  briefing: NonNullable<Awaited<ReturnType<typeof lockBriefing>>>;
  revision: { id: string; number: number; content: unknown };
  signOff: { id: string; reviewerName: string; createdAt: Date };
  slug: string;
  note?: string;
}

/**
 * Renders the page once and writes everything a publication change consists
 * of, inside the caller's transaction: the new version, the superseded one,
 * the briefing's state and slug, a redirect from an old slug, the audit event
 * and the outbox event. Nothing is visible to readers until the commit.
 */
export async function writePublication(
  tx: Tx,
  deps: PublishDeps,
  actor: Actor,
  input: WriteInput,
  opts: PublishOptions = {},
) {
  const now = deps.now();
  const { briefing, revision, signOff, slug } = input;
  const content = revision.content as Draft;
  const previous = await tx.publication.findMany({
    where: { briefingId: briefing.id },
    select: { version: true, correctionNote: true, publishedAt: true, firstPublishedAt: true },
    orderBy: { version: 'asc' },
  });
  const version = (previous.at(-1)?.version ?? 0) + 1;
  const firstPublishedAt = previous[0]?.firstPublishedAt ?? now;
  const corrections: CorrectionEntry[] = previous
    .filter((p) => p.correctionNote)
    .map((p) => ({ version: p.version, note: p.correctionNote!, at: p.publishedAt.toISOString() }));
  if (input.note) corrections.push({ version, note: input.note, at: now.toISOString() });

  const keywords = [...new Set((content.keywords ?? []).map(normaliseKeyword).filter(Boolean))];
  const origin = siteOrigin(deps.config, opts.origin);
  const snapshot = buildArticleSnapshot({
    siteName: deps.config.site.name,
    origin,
    slug,
    version,
    content,
    reviewerName: signOff.reviewerName,
    signedOffAt: signOff.createdAt,
    lead: briefing.leadSource,
    disclosure: await disclosureText(tx, deps.config.site.disclosure),
    related: await relatedArticles(tx, briefing.id, keywords),
    catalogue: await relatedCatalogue(
      tx,
      { industries: content.industries ?? [], products: content.products ?? [] },
      keywords,
    ),
    publishedAt: now,
    firstPublishedAt,
    corrections,
    provenance: await gatherProvenance(tx, briefing.id, revision.number),
  });
  const html = renderSitePage(deps.views, 'site/article', snapshot, {
    siteName: snapshot.siteName,
    origin,
    title: snapshot.title,
    description: snapshot.description,
    canonicalUrl: snapshot.canonicalUrl,
    ogType: 'article',
    publishedTime: snapshot.firstPublished.iso,
    modifiedTime: snapshot.published.iso,
    jsonLd: snapshot.jsonLd,
  });

  await tx.publication.updateMany({
    where: { briefingId: briefing.id, supersededAt: null },
    data: { supersededAt: now },
  });
  const publication = await tx.publication.create({
    data: {
      briefingId: briefing.id,
      version,
      revisionId: revision.id,
      signOffId: signOff.id,
      slug,
      title: content.title,
      keywords,
      // The signed record's content hash, computed once here (parsing the page costs ~30 ms) rather than per request.
      snapshot: { ...snapshot, contentHash: contentHashOfPage(html) } as unknown as Prisma.InputJsonValue,
      html,
      etag: etagOf(html),
      correctionNote: input.note ?? null,
      bodyText: snapshotBodyText(snapshot),
      publishedAt: now,
      firstPublishedAt,
      publishedById: actor.userId,
    },
    select: { id: true, version: true, slug: true, publishedAt: true },
  });
  await opts.afterInsert?.(tx);

  if (briefing.slug && briefing.slug !== slug) {
    await tx.slugRedirect.upsert({
      where: { fromSlug: briefing.slug },
      create: { fromSlug: briefing.slug, briefingId: briefing.id },
      update: { briefingId: briefing.id },
    });
  }
  await tx.slugRedirect.deleteMany({ where: { fromSlug: slug } });
  await tx.briefing.update({
    where: { id: briefing.id },
    data: { state: 'published', slug, lockVersion: { increment: 1 } },
  });
  const url = `${origin}/news/${slug}`;
  await recordAudit(tx, {
    actor,
    action: input.type === 'published' ? 'briefing.published' : 'briefing.corrected',
    entityType: 'briefing',
    entityId: briefing.id,
    data: {
      version,
      slug,
      revisionId: revision.id,
      revision: revision.number,
      signOffId: signOff.id,
      ...(input.note ? { note: input.note } : {}),
    },
    at: now,
  });
  await enqueueEvent(tx, {
    type: input.type,
    briefingId: briefing.id,
    now,
    payload: {
      briefingId: briefing.id,
      publicationId: publication.id,
      version,
      slug,
      url,
      title: content.title,
      reviewer: signOff.reviewerName,
      publishedAt: now.toISOString(),
      ...(input.note ? { correctionNote: input.note } : {}),
    },
  });
  return { ...publication, url, path: `/news/${slug}` };
}
