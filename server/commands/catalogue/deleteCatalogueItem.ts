import type { Db } from '../../db/connect.js';
import type { Actor } from '../../policies/actor.js';
import { recordAudit } from '../../audit/recordAudit.js';
import { NotFoundError } from '../../errors/AppError.js';
import { lockCatalogue } from './createCatalogueItem.js';

/** Safe at any time: publications carry their own copy of the items they showed. */
export async function deleteCatalogueItem(db: Db, actor: Actor, id: string) {
  return db.$transaction(async (tx) => {
    await lockCatalogue(tx);
    const item = await tx.catalogueItem.findUnique({ where: { id }, select: { kind: true, name: true } });
    if (!item) throw new NotFoundError('No such catalogue item.');
    await tx.catalogueItem.delete({ where: { id } });
    await recordAudit(tx, {
      actor,
      action: 'catalogue.deleted',
      entityType: 'catalogue_item',
      entityId: id,
      data: item,
    });
  });
}
