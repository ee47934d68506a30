import type { Db } from '../../db/connect.js';
import type { Actor } from '../../policies/actor.js';
import { recordAudit } from '../../audit/recordAudit.js';
import { NotFoundError } from '../../errors/AppError.js';
import { CATALOGUE_SELECT } from '../../queries/catalogue.js';
import type { CatalogueUpdate } from '../../schemas/catalogue.js';
import { assertNameFree, lockCatalogue } from './createCatalogueItem.js';

/** Published pages keep the catalogue text they were published with; only later publications see the change. */
export async function updateCatalogueItem(db: Db, actor: Actor, id: string, input: CatalogueUpdate) {
  return db.$transaction(async (tx) => {
    await lockCatalogue(tx);
    const current = await tx.catalogueItem.findUnique({ where: { id }, select: { kind: true, name: true } });
    if (!current) throw new NotFoundError('No such catalogue item.');
    const kind = input.kind ?? current.kind;
    const name = input.name ?? current.name;
    if (kind !== current.kind || name.toLowerCase() !== current.name.toLowerCase())
      await assertNameFree(tx, kind, name, id);
    const data = {
      ...input,
      ...(input.keywords ? { keywords: [...new Set(input.keywords.map((k) => k.toLowerCase()))] } : {}),
    };
    const item = await tx.catalogueItem.update({ where: { id }, data, select: CATALOGUE_SELECT });
    await recordAudit(tx, {
      actor,
      action: 'catalogue.updated',
      entityType: 'catalogue_item',
      entityId: id,
      data: { fields: Object.keys(input) },
    });
    return item;
  });
}
