import { sign, verify } from 'node:crypto';
import type { Db } from '../../db/connect.js';
import { canonicalJson } from '../../drafting/revisionContent.js';
import type { Provenance } from '../render/provenance.js';
import { CONTENT_RULE, contentHashOfPage } from './pageContent.js';
import { keyIdOf, publicKeyFromPem, type EditorialKey } from './editorialKey.js';

export const RECORD_FORMAT = 'briefing-desk/editorial-record/1';

/** The part of a snapshot the record reads; every field may be missing in old snapshots. */
interface StoredSnapshot {
  siteName?: string;
  origin?: string;
  canonicalUrl?: string;
  firstReported?: { publisher: string; url: string; title: string };
  corrections?: { version: number; note: string }[];
  provenance?: Provenance | null;
  /** contentHashOfPage(html), stored at publish; older snapshots lack it and it is computed from the page. */
  contentHash?: string;
}

/**
 * A publication's editorial record, built only from what was stored when it was published
 * (publication row and page, its revision and sign-off, the snapshot's sources and model runs),
 * so building it again gives the same bytes and the same (deterministic Ed25519) signature.
 */
export async function buildEditorialRecord(db: Db, briefingId: string, version: number) {
  const p = await db.publication.findUnique({
    where: { briefingId_version: { briefingId, version } },
    select: {
      slug: true,
      version: true,
      title: true,
      html: true,
      snapshot: true,
      correctionNote: true,
      publishedAt: true,
      firstPublishedAt: true,
      unpublishedAt: true,
      revision: { select: { id: true, number: true, contentHash: true } },
      signOff: {
        select: {
          id: true,
          reviewerId: true,
          reviewerName: true,
          statement: true,
          contentHash: true,
          createdAt: true,
        },
      },
    },
  });
  if (!p || p.unpublishedAt) return null;
  const earlier = await db.publication.findMany({
    where: { briefingId, version: { lte: version }, correctionNote: { not: null } },
    select: { version: true, correctionNote: true, publishedAt: true },
    orderBy: { version: 'asc' },
  });
  const snap = (p.snapshot ?? {}) as StoredSnapshot;
  const prov = snap.provenance ?? null;
  const lead = snap.firstReported;
  return {
    format: RECORD_FORMAT,
    publisher: { name: snap.siteName ?? null, origin: snap.origin ?? null },
    publication: {
      url: snap.canonicalUrl ?? null,
      path: `/news/${p.slug}/v/${p.version}`,
      slug: p.slug,
      version: p.version,
      title: p.title,
      publishedAt: p.publishedAt.toISOString(),
      firstPublishedAt: p.firstPublishedAt.toISOString(),
    },
    content: { rule: CONTENT_RULE, hash: snap.contentHash ?? contentHashOfPage(p.html) },
    revision: { id: p.revision.id, number: p.revision.number, contentHash: p.revision.contentHash },
    signOff: {
      id: p.signOff.id,
      reviewer: p.signOff.reviewerName,
      reviewerId: p.signOff.reviewerId,
      signedAt: p.signOff.createdAt.toISOString(),
      statement: p.signOff.statement,
      revisionContentHash: p.signOff.contentHash,
    },
    // Publications from before sources were recorded know only their lead, without its hash.
    sources: prov
      ? prov.sources
      : lead
        ? [
            {
              role: 'lead',
              url: lead.url,
              publisher: lead.publisher,
              title: lead.title,
              publishedAt: null,
              contentHash: null,
            },
          ]
        : [],
    drafting: prov
      ? prov.drafting.map((d) => ({ model: d.model, promptVersion: d.promptVersion, offline: d.offline }))
      : null,
    corrections: earlier.map((c) => ({ version: c.version, note: c.correctionNote!, at: c.publishedAt.toISOString() })),
  };
}

export type EditorialRecord = NonNullable<Awaited<ReturnType<typeof buildEditorialRecord>>>;

export interface RecordSignature {
  algorithm: 'Ed25519';
  keyId: string;
  /** base64url Ed25519 signature over the UTF-8 bytes of canonicalJson(record without "signature"). */
  value: string;
}

export type SignedRecord = Record<string, unknown> & { signature: RecordSignature };

export function signRecord(record: EditorialRecord, key: EditorialKey): SignedRecord {
  const value = sign(null, Buffer.from(canonicalJson(record), 'utf8'), key.privateKey).toString('base64url');
  return { ...record, signature: { algorithm: 'Ed25519', keyId: key.keyId, value } };
}

export type Verdict = { ok: true; keyId: string } | { ok: false; reason: string };

/** Checks a record's signature against a public key (PEM). */
export function verifyRecordSignature(record: unknown, publicKeyPem: string): Verdict {
  if (!record || typeof record !== 'object' || Array.isArray(record))
    return { ok: false, reason: 'the record is not a JSON object' };
  const { signature, ...body } = record as Record<string, unknown>;
  const sig = signature as Partial<RecordSignature> | undefined;
  if (!sig || sig.algorithm !== 'Ed25519' || typeof sig.value !== 'string' || typeof sig.keyId !== 'string')
    return { ok: false, reason: 'the record carries no Ed25519 signature' };
  let publicKey;
  try {
    publicKey = publicKeyFromPem(publicKeyPem);
  } catch {
    return { ok: false, reason: 'the public key is not a readable Ed25519 PEM key' };
  }
  const keyId = keyIdOf(publicKey);
  if (keyId !== sig.keyId)
    return { ok: false, reason: `the record was signed with key ${sig.keyId}, the public key given is ${keyId}` };
  const good = verify(null, Buffer.from(canonicalJson(body), 'utf8'), publicKey, Buffer.from(sig.value, 'base64url'));
  return good ? { ok: true, keyId } : { ok: false, reason: 'the signature does not match the record (it was altered)' };
}

/** Compares a page with the content hash a (signature-checked) record carries. */
export function checkPage(record: unknown, html: string): { ok: true; hash: string } | { ok: false; reason: string } {
  const content = (record as { content?: { rule?: unknown; hash?: unknown } }).content;
  if (content?.rule !== CONTENT_RULE) return { ok: false, reason: `unknown content rule ${String(content?.rule)}` };
  const hash = contentHashOfPage(html);
  if (!hash) return { ok: false, reason: 'the page has no <article> element' };
  return hash === content.hash
    ? { ok: true, hash }
    : { ok: false, reason: `the page's content hash ${hash} is not the signed ${String(content.hash)}` };
}
