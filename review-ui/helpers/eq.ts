/** {{#if (eq a b)}}: equality for templates, which must hold no other logic. */
export function eq(a: unknown, b: unknown): boolean {
  return a === b;
}
