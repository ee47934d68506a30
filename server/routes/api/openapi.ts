import { route, type AnyRoute } from '../../http/route.js';
import { anyone } from '../../policies/routePolicy.js';
import { buildOpenApi } from '../../http/openapi.js';

export function openApiRoutes(all: () => AnyRoute[]): AnyRoute[] {
  let cached: unknown;
  return [
    route({
      method: 'get',
      path: '/api/openapi.json',
      kind: 'api',
      policy: anyone,
      summary: 'This document.',
      tags: ['meta'],
      handler: ({ deps }) => {
        cached ??= buildOpenApi(all(), { version: '0.1.0', serverUrl: deps.config.publicUrl });
        return { json: cached };
      },
    }),
  ];
}
