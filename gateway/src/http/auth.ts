import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors';
import { clearSessionCookie, csrfSafe, sessionCookieOf } from './session-cookie';

/**
 * Who may call a route. admin (the bank's back office) and auditor (the regulator) call
 * with API keys; customers and staff (teller, compliance officer, bank administrator)
 * call with a session token, and their role comes from their user record.
 */
export const ROLES = ['admin', 'auditor', 'customer', 'teller', 'compliance_officer', 'bank_admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles an API key may carry: a person's role always comes with a session, so it is attributable. */
export const API_KEY_ROLES: readonly Role[] = ['admin', 'auditor'];

/** The caller of a request, on res.locals.principal: an API key's role, or a session's user. */
export type Principal =
    | { kind: 'api-key'; role: Role; actor: string }
    | { kind: 'session'; role: Role; actor: string; userId: string; sessionId: string; viaCookie: boolean };

/** Resolves a bearer token that is not an API key to a session, if it is one. */
export interface SessionAuthenticator {
    authenticate(token: string): Promise<{ role: Role; userId: string; sessionId: string } | undefined>;
}

/** API keys by role. Only their SHA-256 digests are kept in memory. */
export class ApiKeys {
    private readonly digests: { role: Role; digest: Buffer }[];

    constructor(keys: Partial<Record<Role, string>>) {
        for (const role of Object.keys(keys)) {
            if (!API_KEY_ROLES.includes(role as Role)) {
                throw new Error(`role ${role} is held by people and comes with a session, not an API key`);
            }
        }
        this.digests = Object.entries(keys).map(([role, key]) => ({ role: role as Role, digest: sha256(key) }));
    }

    static fromFile(path: string): ApiKeys {
        const parsed = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
        const keys: Partial<Record<Role, string>> = {};
        for (const [role, key] of Object.entries(parsed)) {
            if (!(API_KEY_ROLES as readonly string[]).includes(role) || typeof key !== 'string' || key.length < 32) {
                throw new Error(`api keys file ${path}: entry ${role} must be an API-key role with a key of 32+ characters`);
            }
            keys[role as Role] = key;
        }
        return new ApiKeys(keys);
    }

    /** Compares against every key in constant time, so timing reveals nothing. */
    roleOf(presented: string): Role | undefined {
        const digest = sha256(presented);
        let found: Role | undefined;
        for (const entry of this.digests) {
            if (timingSafeEqual(entry.digest, digest)) {
                found = entry.role;
            }
        }
        return found;
    }
}

function sha256(text: string): Buffer {
    return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Route guard: 'public' routes skip authentication; others need one of the roles, from
 * an API key or, when the token is not one, from a live session. The token comes from
 * the Authorization header or, for the web app, from the session cookie; a cookie on a
 * state-changing request counts only with the CSRF header (session-cookie.ts).
 */
export function authorize(keys: ApiKeys, allowed: readonly Role[] | 'public', sessions?: SessionAuthenticator) {
    return (req: Request, res: Response, next: NextFunction): void => {
        if (allowed === 'public') {
            next();
            return;
        }
        const header = req.get('authorization');
        const cookie = header === undefined ? sessionCookieOf(req) : undefined;
        if (cookie !== undefined && !csrfSafe(req)) {
            next(new AppError('FORBIDDEN', 'a request signed in by cookie that changes state must carry the X-Corridor-CSRF: 1 header'));
            return;
        }
        const token = cookie ?? /^Bearer ([A-Za-z0-9._~-]{1,256})$/.exec(header ?? '')?.[1];
        identify(keys, sessions, token, cookie !== undefined)
            .then((principal) => {
                if (principal === undefined) {
                    if (cookie !== undefined) {
                        // The browser would keep sending a session that has ended.
                        clearSessionCookie(req, res);
                    }
                    throw new AppError('UNAUTHENTICATED', 'a valid API key or session token is required (Authorization: Bearer <token>)');
                }
                if (!allowed.includes(principal.role)) {
                    throw new AppError('FORBIDDEN', `role ${principal.role} may not call this route`);
                }
                res.locals.role = principal.role;
                res.locals.principal = principal;
                next();
            })
            .catch(next);
    };
}

async function identify(keys: ApiKeys, sessions: SessionAuthenticator | undefined, token: string | undefined, viaCookie: boolean): Promise<Principal | undefined> {
    if (token === undefined) {
        return undefined;
    }
    // API keys belong to back offices, which never sign in through a browser.
    const role = viaCookie ? undefined : keys.roleOf(token);
    if (role !== undefined) {
        return { kind: 'api-key', role, actor: `api-key:${role}` };
    }
    const session = await sessions?.authenticate(token);
    return session === undefined ? undefined : { kind: 'session', role: session.role, actor: session.userId, userId: session.userId, sessionId: session.sessionId, viaCookie };
}
