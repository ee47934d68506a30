import type { Draft, DraftClaim, TechnicalBullet } from '../draftSchema.js';

/**
 * The model cites sources by short aliases (S1 = the lead, S2… related) rather
 * than UUIDs: fewer tokens, and nothing long for it to mistype. Stored content
 * always carries the real ids; these maps translate at the prompt boundary.
 */
export interface SourceAliases {
  aliases: string[];
  toAlias: (id: string) => string;
  toId: (alias: string) => string;
}

export function makeSourceAliases(sourceIds: string[]): SourceAliases {
  const aliases = sourceIds.map((_, i) => `S${i + 1}`);
  const byId = new Map(sourceIds.map((id, i) => [id, aliases[i]]));
  const byAlias = new Map(aliases.map((a, i) => [a, sourceIds[i]]));
  return {
    aliases,
    // An id or alias we do not know passes through unchanged, so the grounding check can flag it.
    toAlias: (id) => byId.get(id) ?? id,
    toId: (alias) => byAlias.get(alias) ?? alias,
  };
}

type Mapper = (id: string) => string;

export function mapBullets(bullets: TechnicalBullet[], map: Mapper): TechnicalBullet[] {
  return bullets.map((b) => ({ text: b.text, sourceIds: b.sourceIds.map(map) }));
}

export function mapClaims(claims: DraftClaim[], map: Mapper): DraftClaim[] {
  return claims.map((c) => ({ text: c.text, sourceId: map(c.sourceId), evidenceQuote: c.evidenceQuote }));
}

export function mapDraftSources(d: Draft, map: Mapper): Draft {
  return { ...d, technicalBrief: mapBullets(d.technicalBrief, map), claims: mapClaims(d.claims, map) };
}
