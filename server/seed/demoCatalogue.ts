import type { Db } from '../db/connect.js';
import type { CatalogueKind } from '../generated/prisma/enums.js';

/** The publisher's catalogue from the example briefing (../shared/examples/seed-briefing.txt). */
export const DEMO_CATALOGUE: {
  kind: CatalogueKind;
  name: string;
  description: string;
  link: string | null;
  keywords: string[];
  position: number;
}[] = [
  {
    kind: 'industry',
    name: 'Mining',
    position: 1,
    link: null,
    description:
      'Geotechnical software solutions for mining operations including CMRR analysis, hydrogeological testing, and data management.',
    keywords: ['mining', 'mine', 'rare earths', 'coal', 'ore', 'geotechnical'],
  },
  {
    kind: 'industry',
    name: 'Construction',
    position: 2,
    link: null,
    description:
      'Quality control software for construction companies with material testing, batch tracking, and compliance management.',
    keywords: ['construction', 'concrete', 'tunnelling', 'civil'],
  },
  {
    kind: 'product',
    name: 'CMRR-io',
    position: 1,
    link: null,
    description:
      'Streamline coal mine roof stability assessments with our cloud-based CMRR software featuring automated calculations, multi-scenario analysis, and collaborative workflows.',
    keywords: ['cmrr', 'roof stability', 'coal mine'],
  },
  {
    kind: 'product',
    name: 'QCDB-io',
    position: 2,
    link: null,
    description:
      'Comprehensive quality control database for manufacturing, tunnelling, and civil construction with UCS testing, PSD analysis, and grout mix design management.',
    keywords: ['quality control', 'ucs', 'grout', 'manufacturing'],
  },
  {
    kind: 'product',
    name: 'HYDROGEO-io',
    position: 3,
    link: null,
    description:
      'Comprehensive hydrogeological testing platform for managing, analysing, and reporting on packer tests, lugeon values, and hydraulic conductivity assessments.',
    keywords: ['hydrogeology', 'groundwater', 'packer test', 'lugeon'],
  },
];

/** Idempotent: existing items (maybe edited by an admin) are left alone. */
export async function seedDemoCatalogue(db: Db): Promise<number> {
  let created = 0;
  for (const item of DEMO_CATALOGUE) {
    const exists = await db.catalogueItem.findUnique({
      where: { kind_name: { kind: item.kind, name: item.name } },
      select: { id: true },
    });
    if (exists) continue;
    await db.catalogueItem.create({ data: item });
    created++;
  }
  return created;
}
