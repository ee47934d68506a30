import { randomBytes } from 'node:crypto';

/**
 * Sources are fenced by a marker the attacker cannot know in advance: it is
 * random per request, and any copy of it inside the source is deleted before
 * rendering, so text in a source can never close its own fence.
 */
export const BOUNDARY_PATTERN = /^SOURCE-[0-9a-f]{16}$/;

export function makeBoundary(): string {
  return `SOURCE-${randomBytes(8).toString('hex')}`;
}

export function assertBoundary(boundary: string): string {
  if (!BOUNDARY_PATTERN.test(boundary)) throw new Error(`invalid prompt boundary: ${boundary}`);
  return boundary;
}

/**
 * Deletes the boundary until none is left: removing one copy can splice two
 * halves into a new one ("SOURCE-SOURCE-ab…ab…"), so a single pass is not enough.
 */
export function removeBoundary(text: string, boundary: string): string {
  assertBoundary(boundary);
  // Case-insensitive because a model may well read "source-3F9A…" as the same marker.
  const re = new RegExp(boundary, 'gi');
  let out = text;
  while (re.test(out)) {
    re.lastIndex = 0;
    out = out.replace(re, '');
  }
  return out;
}
