import { z } from 'zod';
import type { AnyRoute } from './route.js';

function schemaOf(s: z.ZodType, io: 'input' | 'output'): unknown {
  try {
    return z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'openapi-3.0' });
  } catch {
    return {};
  }
}

/** The OpenAPI document is derived from the same route table the server mounts, so it cannot drift. */
export function buildOpenApi(routes: AnyRoute[], info: { version: string; serverUrl?: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes.filter((r) => r.kind === 'api')) {
    const path = r.path.replace(/:([A-Za-z_]+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', r.params],
      ['query', r.query],
    ] as const) {
      if (!schema) continue;
      const json = schemaOf(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(json.properties ?? {})) {
        parameters.push({
          name,
          in: where,
          required: where === 'path' || (json.required ?? []).includes(name),
          schema: s,
        });
      }
    }
    paths[path] ??= {};
    paths[path][r.method] = {
      summary: r.summary,
      tags: r.tags ?? [],
      'x-policy': r.policy.name,
      ...(parameters.length ? { parameters } : {}),
      ...(r.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(r.body, 'input') } } } }
        : {}),
      responses: {
        '200': {
          description: 'OK',
          ...(r.response ? { content: { 'application/json': { schema: schemaOf(r.response, 'output') } } } : {}),
          ...(r.produces ? { content: { [r.produces]: { schema: { type: 'string' } } } } : {}),
        },
        default: {
          description: 'Problem details (RFC 9457)',
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      },
      ...(r.policy.requiresActor ? { security: [{ bearer: [] }, { session: [] }] } : {}),
    };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Briefing Desk API',
      version: info.version,
      description: 'Every action in the review UI, as JSON. Errors are RFC 9457 problem details.',
    },
    ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'API token (bdt_…) created under Account → API tokens' },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'bd_session',
          description: 'Browser session; state-changing calls also need X-CSRF-Token',
        },
      },
      schemas: {
        Problem: {
          type: 'object',
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            code: { type: 'string' },
            instance: { type: 'string' },
            requestId: { type: 'string' },
            errors: {
              type: 'array',
              items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
            },
          },
        },
      },
    },
  };
}
