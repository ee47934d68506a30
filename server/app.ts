import path from 'node:path';
import express, { type Express, type Request } from 'express';
import compression from 'compression';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { AppDeps } from './deps.js';
import { authenticate } from './http/authenticate.js';
import { cookies } from './http/cookies.js';
import { errorHandler } from './http/errorHandler.js';
import { measureRequests } from './http/metrics.js';
import { mountRoutes } from './http/pipeline.js';
import { NotFoundError } from './errors/AppError.js';
import { allRoutes } from './routes/index.js';
import { projectRoot } from './util/projectRoot.js';
import { assignRequestId } from './http/requestId.js';
import { helmetOptions, precomputedSecurityHeaders, styleNonce } from './http/securityHeaders.js';
import { publicRequest } from './http/publicRequest.js';
import { markUndecodableBody } from './http/storableText.js';

export const BODY_LIMIT = '1mb';

/** Builds the Express app; the process entry (main.ts) owns listening and shutdown. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy);
  app.set('etag', 'strong');

  app.use(measureRequests(deps.metrics));

  // Probes and scrapes come first: they need no body, cookies, identity or access log,
  // and orchestrators call them often. They still go through the policy pipeline.
  const routes = allRoutes();
  const operations = routes.filter((r) => r.tags?.includes('operations'));
  const opsRouter = express.Router();
  mountRoutes(opsRouter, operations, deps);
  app.use(opsRouter);

  // The public site is read by everyone and is the busiest part of the app: its routes come
  // next, with a request id, a lean access log and helmet's headers precomputed, but no body
  // parsing, cookies or identity. They go through the same policy pipeline as every route.
  const publicSite = routes.filter((r) => r.tags?.includes('public-site'));
  const siteRouter = express.Router();
  mountRoutes(siteRouter, publicSite, deps, [publicRequest(deps.logger), precomputedSecurityHeaders(deps.config)]);
  app.use(siteRouter);

  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: assignRequestId,
      // The access log names the request, not its headers: cookies and tokens never reach it,
      // and serialising a dozen headers per request was a measurable share of its cost.
      serializers: {
        req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
          remoteAddress: req.remoteAddress,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    }),
  );
  app.use(styleNonce);
  app.use(helmet(helmetOptions(deps.config, { withStyleNonce: true })));
  app.use(
    '/assets',
    // The editor bundle is about 320 KB of JavaScript and 105 KB gzipped: compress what browsers accept.
    compression(),
    express.static(path.join(projectRoot(), 'review-ui/public'), { maxAge: '1h', fallthrough: false }),
  );
  app.use(express.json({ limit: BODY_LIMIT, strict: true, verify: markUndecodableBody }));
  app.use(
    express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: 1000, verify: markUndecodableBody }),
  );
  app.use(cookies());
  app.use(authenticate(deps));

  const router = express.Router();
  mountRoutes(
    router,
    routes.filter((r) => !operations.includes(r) && !publicSite.includes(r)),
    deps,
  );
  app.use(router);

  app.use((req: Request) => {
    throw new NotFoundError(`Nothing at ${req.method} ${req.path}.`);
  });
  app.use(errorHandler(deps));
  return app;
}
