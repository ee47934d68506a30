import { z } from 'zod';

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(120, 'must be at most 120 characters')
  .regex(SLUG_PATTERN, 'must be lowercase words joined by hyphens, e.g. rare-earth-licences');

export function slugify(text: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
  return s || 'briefing';
}

/** Keywords as stored on publications: lowercase, single-spaced, so overlap and tags compare equal. */
export function normaliseKeyword(k: string): string {
  return k.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

export function tagSlug(keyword: string): string {
  return encodeURIComponent(normaliseKeyword(keyword).replace(/ /g, '-'));
}

/** A tag URL segment back to the stored keywords it may stand for. */
export function keywordsForTag(tag: string): string[] {
  const k = normaliseKeyword(tag);
  return [...new Set([k, k.replace(/-/g, ' ')])];
}
