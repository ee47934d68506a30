/**
 * Best-effort parse of the beginning of a JSON document, as streamed by the
 * model: open strings, arrays and objects are closed, and an unfinished key
 * or value at the end is dropped. Used only to show progress, never to save.
 */
function close(text: string): string {
  const stack: string[] = [];
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') stack.push('}');
    else if (c === '[') stack.push(']');
    else if (c === '}' || c === ']') stack.pop();
  }
  let out = text;
  if (inString) {
    // A half-written escape would make the closing quote part of it.
    out = out.replace(/\\u[0-9a-fA-F]{0,3}$/, '');
    if (escaped) out = out.slice(0, -1);
    out += '"';
  }
  return out + stack.reverse().join('');
}

const MAX_BACKOFF = 300;

export function parsePartialJson(text: string): unknown {
  const trimmed = text.trimEnd();
  for (let end = trimmed.length, tries = 0; end > 0 && tries < MAX_BACKOFF; end--, tries++) {
    try {
      return JSON.parse(close(trimmed.slice(0, end)));
    } catch {
      // drop one more character of the unfinished tail
    }
  }
  return null;
}

export interface PartialSections {
  title?: string;
  thirtySecondBriefing?: string;
  technicalBrief?: string[];
  ourTake?: string[];
}

/** The briefing sections visible so far in a streamed draft (or section rewrite). */
export function partialSections(text: string | null | undefined): PartialSections {
  if (!text) return {};
  const v = parsePartialJson(text);
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  const o = v as Record<string, unknown>;
  const out: PartialSections = {};
  if (typeof o.title === 'string') out.title = o.title;
  if (typeof o.thirtySecondBriefing === 'string') out.thirtySecondBriefing = o.thirtySecondBriefing;
  if (Array.isArray(o.technicalBrief)) {
    out.technicalBrief = o.technicalBrief
      .map((b) =>
        b && typeof b === 'object' && typeof (b as { text?: unknown }).text === 'string'
          ? (b as { text: string }).text
          : null,
      )
      .filter((t): t is string => t !== null);
  }
  if (Array.isArray(o.ourTake)) out.ourTake = o.ourTake.filter((p): p is string => typeof p === 'string');
  return out;
}
