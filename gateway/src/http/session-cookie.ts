import type { Request, Response } from 'express';

/**
 * Browser sessions. The web app never holds its session token: sign-in puts it in an
 * HttpOnly cookie that script cannot read, so a reload keeps the session and nothing sits
 * in localStorage. API clients keep sending `Authorization: Bearer` and never get a cookie.
 *
 * CSRF: the cookie is SameSite=Strict, so a browser leaves it off requests that start on
 * another site; and a cookie is honoured on a state-changing request only beside the
 * header below, which a cross-site page can send only after a CORS preflight the gateway
 * never grants. Either defence alone stops a forged request.
 */
export const SESSION_COOKIE = 'corridor_session';

/** Sent by the web app on every request; it also asks sign-in for a cookie instead of a token in the body. */
export const WEB_CLIENT_HEADER = 'x-corridor-csrf';

const TOKEN = /^[A-Za-z0-9._~-]{1,256}$/;

/** The session token in the request's cookie, if one well-formed token is there. */
export function sessionCookieOf(req: Request): string | undefined {
    const header = req.get('cookie');
    if (header === undefined) {
        return undefined;
    }
    for (const pair of header.split(';')) {
        const at = pair.indexOf('=');
        if (at > 0 && pair.slice(0, at).trim() === SESSION_COOKIE) {
            const value = pair.slice(at + 1).trim();
            return TOKEN.test(value) ? value : undefined;
        }
    }
    return undefined;
}

/** True when the request came from the web app (the custom header is present). */
export function fromWebClient(req: Request): boolean {
    return req.get(WEB_CLIENT_HEADER) === '1';
}

/** Reads never change state; everything else that rides on the cookie must carry the header. */
export function csrfSafe(req: Request): boolean {
    return req.method === 'GET' || req.method === 'HEAD' || fromWebClient(req);
}

/** Sets the session cookie until the session's absolute expiry. */
export function setSessionCookie(req: Request, res: Response, token: string, expiresAt: string): void {
    res.cookie(SESSION_COOKIE, token, {
        httpOnly: true,
        // Behind plain HTTP (the dev network on loopback) a Secure cookie would never come back.
        secure: req.secure,
        sameSite: 'strict',
        path: '/',
        expires: new Date(expiresAt),
    });
}

export function clearSessionCookie(req: Request, res: Response): void {
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, secure: req.secure, sameSite: 'strict', path: '/' });
}
