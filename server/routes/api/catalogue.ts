import { route, type AnyRoute } from '../../http/route.js';
import { adminOnly, staff } from '../../policies/routePolicy.js';
import { uuidParam } from '../../schemas/common.js';
import { NotFoundError } from '../../errors/AppError.js';
import { CatalogueCreateBody, CatalogueUpdateBody } from '../../schemas/catalogue.js';
import { CATALOGUE_SELECT } from '../../queries/catalogue.js';
import { presentCatalogueItem } from '../../presenters/catalogueItemPresenter.js';
import { createCatalogueItem } from '../../commands/catalogue/createCatalogueItem.js';
import { updateCatalogueItem } from '../../commands/catalogue/updateCatalogueItem.js';
import { deleteCatalogueItem } from '../../commands/catalogue/deleteCatalogueItem.js';

const tags = ['catalogue'];

export const catalogueApiRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/api/catalogue',
    kind: 'api',
    policy: staff,
    tags,
    summary: 'Industries and products (staff read; admins maintain).',
    handler: async ({ deps }) => {
      const rows = await deps.db.prisma.catalogueItem.findMany({
        select: CATALOGUE_SELECT,
        orderBy: [{ kind: 'asc' }, { position: 'asc' }, { name: 'asc' }],
      });
      return { json: { items: rows.map(presentCatalogueItem) } };
    },
  }),
  route({
    method: 'get',
    path: '/api/catalogue/:id',
    kind: 'api',
    policy: staff,
    tags,
    params: uuidParam,
    summary: 'One catalogue item.',
    handler: async ({ deps, params }) => {
      const row = await deps.db.prisma.catalogueItem.findUnique({ where: { id: params.id }, select: CATALOGUE_SELECT });
      if (!row) throw new NotFoundError('No such catalogue item.');
      return { json: presentCatalogueItem(row) };
    },
  }),
  route({
    method: 'post',
    path: '/api/catalogue',
    kind: 'api',
    policy: adminOnly,
    tags,
    body: CatalogueCreateBody,
    summary: 'Add an industry or product.',
    handler: async ({ deps, actor, body }) => ({
      status: 201,
      json: presentCatalogueItem(await createCatalogueItem(deps.db.prisma, actor!, body)),
    }),
  }),
  route({
    method: 'patch',
    path: '/api/catalogue/:id',
    kind: 'api',
    policy: adminOnly,
    tags,
    params: uuidParam,
    body: CatalogueUpdateBody,
    summary: 'Change a catalogue item (published pages keep their copy).',
    handler: async ({ deps, actor, params, body }) => ({
      json: presentCatalogueItem(await updateCatalogueItem(deps.db.prisma, actor!, params.id, body)),
    }),
  }),
  route({
    method: 'delete',
    path: '/api/catalogue/:id',
    kind: 'api',
    policy: adminOnly,
    tags,
    params: uuidParam,
    summary: 'Remove a catalogue item.',
    handler: async ({ deps, actor, params }) => {
      await deleteCatalogueItem(deps.db.prisma, actor!, params.id);
      return { status: 204 };
    },
  }),
];
