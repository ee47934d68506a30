import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

// Paths pino must never print. Request/response serialisers add headers, and
// bodies or errors may carry credentials, so redact at every depth we log.
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'password',
  '*.password',
  'currentPassword',
  '*.currentPassword',
  'newPassword',
  '*.newPassword',
  'token',
  '*.token',
  'apiKey',
  '*.apiKey',
  'sessionSecret',
  '*.sessionSecret',
  'config.llm.apiKey',
  'config.sessionSecret',
  'config.admin.password',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
