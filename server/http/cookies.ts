import { parse } from 'cookie';
import type { NextFunction, Request, Response } from 'express';

const FLASH_COOKIE = 'bd_flash';

/** One cookie of the request, as parsed by `cookies()` (Express types `req.cookies` as `any`). */
export function readCookie(req: Request, name: string): string | undefined {
  const jar = req.cookies as Record<string, string | undefined> | undefined;
  return jar?.[name];
}

/** Parses cookies and carries one-shot flash messages across a redirect. */
export function cookies() {
  return (req: Request, res: Response, next: NextFunction): void => {
    req.cookies = parse(req.get('cookie') ?? '') as Record<string, string>;
    const flash = readCookie(req, FLASH_COOKIE);
    if (flash) {
      req.flashMessage = flash.slice(0, 300);
      res.clearCookie(FLASH_COOKIE, { path: '/' });
    }
    req.flash = (message: string) =>
      res.cookie(FLASH_COOKIE, message.slice(0, 300), {
        httpOnly: true,
        sameSite: 'lax',
        secure: req.secure,
        path: '/',
        maxAge: 60_000,
      });
    next();
  };
}
