import type { Actor } from '../policies/actor.js';
import type { FieldIssue } from '../errors/AppError.js';

declare global {
  namespace Express {
    interface Request {
      actor?: Actor | null;
      session?: { id: string; csrfSecret: string } | null;
      cookies?: Record<string, string>;
      flash?: (message: string) => void;
      flashMessage?: string;
      /** Set by the body parser's verify hook when the body's bytes are not UTF-8 (storableText.ts). */
      undecodableBody?: FieldIssue[];
      /** The JSON body as received, kept only when it was not UTF-8 (≤ the 1 MB body limit). */
      undecodableBytes?: Buffer;
    }
  }
}

export {};
