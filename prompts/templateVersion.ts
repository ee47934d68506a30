import { PROMPT_KINDS, hashTemplates, templateFiles, type PromptKind } from './shared/templates.js';

/**
 * A prompt's version is the short sha256 of the template files it is rendered
 * from, so any wording change yields a new version recorded on each generation.
 */
const cache = new Map<PromptKind, string>();

export function templateVersion(kind: PromptKind): string {
  let v = cache.get(kind);
  if (!v) {
    v = hashTemplates(templateFiles(kind));
    cache.set(kind, v);
  }
  return v;
}

export function allTemplateVersions(): Record<PromptKind, string> {
  return Object.fromEntries(PROMPT_KINDS.map((k) => [k, templateVersion(k)])) as Record<PromptKind, string>;
}

export type { PromptKind };
