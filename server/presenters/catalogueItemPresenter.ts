import type { CatalogueKind } from '../generated/prisma/enums.js';

interface Row {
  id: string;
  kind: CatalogueKind;
  name: string;
  description: string;
  link: string | null;
  keywords: string[];
  active: boolean;
  position: number;
  createdAt: Date;
  updatedAt: Date;
}

export function presentCatalogueItem(i: Row) {
  return {
    id: i.id,
    kind: i.kind,
    name: i.name,
    description: i.description,
    link: i.link,
    keywords: i.keywords,
    active: i.active,
    position: i.position,
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
  };
}
