import type { Db } from '../db/connect.js';

export const CATALOGUE_SELECT = {
  id: true,
  kind: true,
  name: true,
  description: true,
  link: true,
  keywords: true,
  active: true,
  position: true,
  createdAt: true,
  updatedAt: true,
} as const;

/** What the drafting step offers the LLM: active items only, in the admin's order. */
export async function listCatalogueForDrafting(
  db: Db,
): Promise<{ industries: { name: string; description: string }[]; products: { name: string; description: string }[] }> {
  const items = await db.catalogueItem.findMany({
    where: { active: true },
    select: { kind: true, name: true, description: true },
    orderBy: [{ position: 'asc' }, { name: 'asc' }],
  });
  const pick = (kind: 'industry' | 'product') =>
    items.filter((i) => i.kind === kind).map(({ name, description }) => ({ name, description }));
  return { industries: pick('industry'), products: pick('product') };
}
