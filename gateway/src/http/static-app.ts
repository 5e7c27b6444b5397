import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';

/**
 * The web app's built files (web/dist), served at `/` beside the API so the app and its
 * API share one origin: the session cookie stays SameSite=Strict and no CORS is granted.
 */

/** Paths the API owns; the app's client-side routes never answer for them. */
const API_PATHS = /^\/(v1(\/|$)|health$|metrics$|openapi\.json$)/;

/** Vite names every built asset by its content hash, so a file there never changes. */
const isHashed = (path: string): boolean => path.startsWith('/assets/');

/**
 * Scripts only from this origin, no inline script and no eval. Styles allow inline
 * because the component library (Ant Design) writes its styles at run time; a style
 * cannot run code, and no script source is widened for it.
 */
export const WEB_CSP = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
].join('; ');

/** Static files and the SPA fallback; undefined when `root` holds no built app (index.html). */
export function webApp(root: string): express.Handler | undefined {
    const folder = resolve(root);
    const index = join(folder, 'index.html');
    if (!existsSync(index)) {
        return undefined;
    }
    const files = express.static(folder, {
        index: false,
        redirect: false,
        dotfiles: 'ignore',
        setHeaders: (res, _path) => {
            res.set('Content-Security-Policy', WEB_CSP);
            res.set('Cache-Control', isHashed(res.req.path) ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
    });
    return (req: Request, res: Response, next: NextFunction): void => {
        if ((req.method !== 'GET' && req.method !== 'HEAD') || API_PATHS.test(req.path)) {
            next();
            return;
        }
        files(req, res, () => {
            // A missing asset is a 404, not the app: a stale page must not parse HTML as script.
            if (isHashed(req.path) || !req.accepts('html')) {
                next();
                return;
            }
            res.set({ 'Content-Security-Policy': WEB_CSP, 'Cache-Control': 'no-cache' });
            res.sendFile(index);
        });
    };
}
