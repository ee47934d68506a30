import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Actor } from '../policies/actor.js';
import type { RoutePolicy } from '../policies/routePolicy.js';
import type { AppDeps } from '../deps.js';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** What a handler may return; anything else means it wrote the response itself (e.g. SSE). */
export type RouteResult =
  | { json: unknown; status?: number; headers?: Record<string, string> }
  | { view: string; model: Record<string, unknown>; status?: number; title?: string }
  | { redirect: string; status?: 301 | 302 | 303; flash?: string }
  | { text: string; status?: number; contentType?: string; headers?: Record<string, string> }
  | { status: 204 }
  | void;

export interface RouteContext<B, Q, P> {
  deps: AppDeps;
  actor: Actor | null;
  body: B;
  query: Q;
  params: P;
  req: Request;
  res: Response;
  requestId: string;
}

/** Tag of the public site's routes: app.ts mounts them before the staff middleware. */
export const PUBLIC_SITE = 'public-site';

export interface RouteDef<B = unknown, Q = unknown, P = unknown> {
  method: Method;
  path: string;
  /** 'api' answers JSON problem details; 'page' answers HTML and checks CSRF on form posts. */
  kind: 'api' | 'page';
  policy: RoutePolicy;
  summary: string;
  tags?: string[];
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
  /** For the OpenAPI document only; presenters shape the real output. */
  response?: z.ZodType;
  /** For the OpenAPI document: a response that is not JSON (a CSV export, raw text) is a string of this type. */
  produces?: string;
  /** Multipart uploads and similar bodies parse themselves. */
  rawBody?: boolean;
  handler: (ctx: RouteContext<B, Q, P>) => Promise<RouteResult> | RouteResult;
}

/** Identity function that keeps the generic types of one route together. */
export function route<B = undefined, Q = undefined, P = undefined>(def: RouteDef<B, Q, P>): RouteDef<B, Q, P> {
  return def;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteDef<any, any, any>;
