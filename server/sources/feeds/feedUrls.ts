/**
 * Link resolution for feed items. Only http(s) URLs are kept: a feed is
 * untrusted input and a "javascript:" or "data:" link must never reach a page or
 * an editor's click.
 */
const SAFE_PROTOCOLS = new Set(['http:', 'https:']);

export function resolveUrl(ref: string | undefined | null, base: string | undefined): string | undefined {
  const r = ref?.trim();
  if (!r) return undefined;
  try {
    const url = base ? new URL(r, base) : new URL(r);
    return SAFE_PROTOCOLS.has(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Applies an xml:base (possibly relative) on top of the inherited base. An
 * unsafe or unparseable xml:base is ignored so it cannot redirect every link.
 */
export function applyXmlBase(
  xmlBase: string | undefined,
  inherited: string | undefined,
  problems: string[],
): string | undefined {
  if (xmlBase === undefined || xmlBase.trim() === '') return inherited;
  const resolved = resolveUrl(xmlBase, inherited);
  if (!resolved) {
    problems.push(`Ignored unusable xml:base "${xmlBase.trim().slice(0, 100)}".`);
    return inherited;
  }
  return resolved;
}
