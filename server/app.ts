import { randomUUID } from 'node:crypto';
import path from 'node:path';
import express, { type Express, type Request } from 'express';
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

export const BODY_LIMIT = '1mb';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

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

  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // The access log names the request, not its headers: cookies and tokens never reach it,
      // and serialising a dozen headers per request was a measurable share of its cost.
      serializers: {
        req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({ id: req.id, method: req.method, url: req.url, remoteAddress: req.remoteAddress }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
        },
      },
      strictTransportSecurity: deps.config.nodeEnv === 'production',
    }),
  );
  app.use('/assets', express.static(path.join(projectRoot(), 'review-ui/public'), { maxAge: '1h', fallthrough: false }));
  app.use(express.json({ limit: BODY_LIMIT, strict: true }));
  app.use(express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: 1000 }));
  app.use(cookies());
  app.use(authenticate(deps));

  const router = express.Router();
  mountRoutes(router, routes.filter((r) => !operations.includes(r)), deps);
  app.use(router);

  app.use((req: Request) => {
    throw new NotFoundError(`Nothing at ${req.method} ${req.path}.`);
  });
  app.use(errorHandler(deps));
  return app;
}
