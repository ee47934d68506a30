export interface Person {
  id: string;
  email: string;
  displayName: string;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * "@tom@example.com" or "@Tom Sullivan": matched against the people who exist, longest
 * names first, so "@Tom Sullivan" is not also read as a mention of a "Tom".
 */
export function findMentions(body: string, people: Person[]): Person[] {
  const found = new Map<string, Person>();
  let rest = body;
  const candidates = people
    .flatMap((p) => [
      { p, key: p.email },
      { p, key: p.displayName },
    ])
    .filter((c) => c.key.trim().length > 1)
    .sort((a, b) => b.key.length - a.key.length);
  for (const { p, key } of candidates) {
    const re = new RegExp(`@${escapeRe(key)}(?![\\p{L}\\p{N}_])`, 'giu');
    if (re.test(rest)) {
      found.set(p.id, p);
      rest = rest.replace(re, ' ');
    }
  }
  return [...found.values()];
}
