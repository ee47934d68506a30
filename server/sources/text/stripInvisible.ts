/**
 * Characters that render as nothing (or silently reorder text) but still reach
 * an LLM. Attackers hide instructions with them in otherwise innocent sources,
 * and reviewers cannot see them, so they are removed before text is stored.
 *
 * Beyond the usual list we also drop U+061C (Arabic letter mark, a bidi control)
 * and U+180E (Mongolian vowel separator, zero-width since Unicode 6.3).
 */
const INVISIBLE =
  /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|\u{E0000}|[\u{E0001}-\u{E007F}]/gu;

export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

export function hasInvisible(text: string): boolean {
  INVISIBLE.lastIndex = 0;
  const found = INVISIBLE.test(text);
  INVISIBLE.lastIndex = 0;
  return found;
}
