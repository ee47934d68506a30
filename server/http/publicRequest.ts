import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../logging/logger.js';
import { assignRequestId } from './requestId.js';

/**
 * What the public site needs of the staff stack, and no more: a request id and an access log
 * line in the same shape pino-http writes. Readers send no body and no credentials, so body
 * parsing, cookies and identity are skipped (the pages are the same for everyone).
 */
export function publicRequest(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const id = assignRequestId(req, res);
    req.id = id;
    req.log = logger;
    if (logger.isLevelEnabled('error')) {
      const started = performance.now();
      res.once('finish', () => {
        const status = res.statusCode;
        const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
        if (!logger.isLevelEnabled(level)) return;
        logger[level](
          {
            req: { id, method: req.method, url: req.originalUrl, remoteAddress: req.socket.remoteAddress },
            res: { statusCode: status },
            responseTime: Math.round(performance.now() - started),
          },
          'request completed',
        );
      });
    }
    next();
  };
}
