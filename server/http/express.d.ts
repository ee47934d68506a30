import type { Actor } from '../policies/actor.js';

declare global {
  namespace Express {
    interface Request {
      actor?: Actor | null;
      session?: { id: string; csrfSecret: string } | null;
      cookies?: Record<string, string>;
      flash?: (message: string) => void;
      flashMessage?: string;
    }
  }
}

export {};
