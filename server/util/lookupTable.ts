/**
 * A table looked up with arbitrary words: the null prototype keeps "constructor", "__proto__"
 * and friends from ever matching.
 */
export function lookupTable<T>(entries: Record<string, T>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}
