import { route, type AnyRoute } from '../../http/route.js';
import { adminOnly } from '../../policies/routePolicy.js';
import { uuidParam } from '../../schemas/common.js';
import { NotFoundError } from '../../errors/AppError.js';
import { CatalogueForm } from '../../schemas/catalogue.js';
import { CATALOGUE_SELECT } from '../../queries/catalogue.js';
import { presentCatalogueItem } from '../../presenters/catalogueItemPresenter.js';
import { createCatalogueItem } from '../../commands/catalogue/createCatalogueItem.js';
import { updateCatalogueItem } from '../../commands/catalogue/updateCatalogueItem.js';
import { deleteCatalogueItem } from '../../commands/catalogue/deleteCatalogueItem.js';

const KINDS = ['industry', 'product'] as const;

export const catalogueAdminPageRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/admin/catalogue',
    kind: 'page',
    policy: adminOnly,
    summary: 'Catalogue: industries and products',
    handler: async ({ deps }) => {
      const rows = (
        await deps.db.prisma.catalogueItem.findMany({
          select: CATALOGUE_SELECT,
          orderBy: [{ position: 'asc' }, { name: 'asc' }],
        })
      ).map(presentCatalogueItem);
      return {
        view: 'admin/catalogue',
        title: 'Catalogue',
        model: {
          industries: rows.filter((r) => r.kind === 'industry'),
          products: rows.filter((r) => r.kind === 'product'),
          kinds: KINDS,
        },
      };
    },
  }),
  route({
    method: 'post',
    path: '/admin/catalogue',
    kind: 'page',
    policy: adminOnly,
    summary: 'Add a catalogue item',
    body: CatalogueForm,
    handler: async ({ deps, actor, body }) => {
      const item = await createCatalogueItem(deps.db.prisma, actor!, body);
      return { redirect: '/admin/catalogue', flash: `Added ${item.name}.` };
    },
  }),
  route({
    method: 'get',
    path: '/admin/catalogue/:id',
    kind: 'page',
    policy: adminOnly,
    summary: 'Edit a catalogue item',
    params: uuidParam,
    handler: async ({ deps, params }) => {
      const row = await deps.db.prisma.catalogueItem.findUnique({ where: { id: params.id }, select: CATALOGUE_SELECT });
      if (!row) throw new NotFoundError('No such catalogue item.');
      const item = presentCatalogueItem(row);
      return {
        view: 'admin/catalogueItem',
        title: item.name,
        model: {
          item,
          keywordText: item.keywords.join(', '),
          kinds: KINDS.map((k) => ({ kind: k, selected: k === item.kind })),
        },
      };
    },
  }),
  route({
    method: 'post',
    path: '/admin/catalogue/:id',
    kind: 'page',
    policy: adminOnly,
    summary: 'Save a catalogue item',
    params: uuidParam,
    body: CatalogueForm,
    handler: async ({ deps, actor, params, body }) => {
      await updateCatalogueItem(deps.db.prisma, actor!, params.id, body);
      return {
        redirect: `/admin/catalogue/${params.id}`,
        flash: 'Saved. Pages published earlier keep the text they were published with.',
      };
    },
  }),
  route({
    method: 'post',
    path: '/admin/catalogue/:id/delete',
    kind: 'page',
    policy: adminOnly,
    summary: 'Remove a catalogue item',
    params: uuidParam,
    handler: async ({ deps, actor, params }) => {
      await deleteCatalogueItem(deps.db.prisma, actor!, params.id);
      return { redirect: '/admin/catalogue', flash: 'Removed.' };
    },
  }),
];
