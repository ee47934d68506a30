import type { Db } from '../../db/connect.js';
import type { Actor } from '../../policies/actor.js';
import { recordAudit } from '../../audit/recordAudit.js';
import { ConflictError } from '../../errors/AppError.js';
import { CATALOGUE_SELECT } from '../../queries/catalogue.js';
import { lockTransaction } from '../../db/transactionLock.js';
import type { CatalogueCreate } from '../../schemas/catalogue.js';

/**
 * Names are unique per kind ignoring case, which the (kind, name) index cannot say. Two writes at
 * once (a double submit, two admins) would both find their name free and both write it, or the
 * loser would hit the index: each create, rename and delete holds the catalogue lock for its
 * transaction, so the second one's look-up sees the first one's row.
 */
export const lockCatalogue = (tx: Pick<Db, '$executeRawUnsafe'>) => lockTransaction(tx, 'catalogue');

export async function assertNameFree(
  db: Pick<Db, 'catalogueItem'>,
  kind: 'industry' | 'product',
  name: string,
  exceptId?: string,
) {
  const clash = await db.catalogueItem.findFirst({
    where: { kind, name: { equals: name, mode: 'insensitive' }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });
  if (clash)
    throw new ConflictError('duplicate_name', `There is already a ${kind} named “${name}”.`, {
      issues: [{ field: 'name', message: 'already in the catalogue' }],
    });
}

export async function createCatalogueItem(db: Db, actor: Actor, input: CatalogueCreate) {
  return db.$transaction(async (tx) => {
    await lockCatalogue(tx);
    await assertNameFree(tx, input.kind, input.name);
    const keywords = [...new Set(input.keywords.map((k) => k.toLowerCase()))];
    const item = await tx.catalogueItem.create({
      data: { ...input, link: input.link ?? null, keywords },
      select: CATALOGUE_SELECT,
    });
    await recordAudit(tx, {
      actor,
      action: 'catalogue.created',
      entityType: 'catalogue_item',
      entityId: item.id,
      data: { kind: item.kind, name: item.name },
    });
    return item;
  });
}
