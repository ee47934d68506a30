import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';
import type { NextFunction, Request, Response } from 'express';
import type { Config } from '../env.js';

/**
 * A fresh nonce per staff response, allowed for `<style>` elements only (never scripts). The draft
 * page's editor (CodeMirror) writes its theme into a `<style>` element it creates, stamped with this
 * nonce (`EditorView.cspNonce`); an injected `<style>` cannot guess it, so there is still no
 * `'unsafe-inline'`. The layout hands it over in a `<meta property="csp-nonce">`, whose `nonce`
 * attribute browsers hide from the DOM and from CSS selectors.
 */
export function styleNonce(_req: Request, res: Response, next: NextFunction): void {
  res.locals.styleNonce = randomBytes(16).toString('base64');
  next();
}

const nonceSource = (_req: IncomingMessage, res: ServerResponse) =>
  `'nonce-${String((res as Response).locals.styleNonce)}'`;

/**
 * One Content-Security-Policy and header set for every page: no inline script, no framing.
 * `withStyleNonce` (staff pages, after `styleNonce`) adds the per-response style nonce; the public
 * site's headers are computed once and carry none.
 */
export function helmetOptions(config: Pick<Config, 'nodeEnv'>, opts: { withStyleNonce?: boolean } = {}): HelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: opts.withStyleNonce ? ["'self'", nonceSource] : ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
    strictTransportSecurity: config.nodeEnv === 'production',
  };
}

/**
 * The headers helmet sets, captured once at boot. The public site sends them from this list
 * instead of running helmet per request: same headers, a fraction of the work on the hottest pages.
 */
export function precomputedSecurityHeaders(
  config: Pick<Config, 'nodeEnv'>,
): (req: Request, res: Response, next: NextFunction) => void {
  const headers: [string, string][] = [];
  const recorder = {
    setHeader: (name: string, value: string) => headers.push([name, value]),
    removeHeader: () => undefined,
  };
  let called = false;
  helmet(helmetOptions(config))({} as never, recorder as never, () => (called = true));
  if (!called) throw new Error('helmet did not finish synchronously; the public header set cannot be precomputed');
  return (_req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}
