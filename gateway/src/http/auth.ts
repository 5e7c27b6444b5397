import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors';

/** Who may call a route. Bank staff roles grow with the customer issue; auditor is the regulator. */
export const ROLES = ['admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** API keys by role. Only their SHA-256 digests are kept in memory. */
export class ApiKeys {
    private readonly digests: Array<{ role: Role; digest: Buffer }>;

    constructor(keys: Partial<Record<Role, string>>) {
        this.digests = Object.entries(keys).map(([role, key]) => ({ role: role as Role, digest: sha256(key as string) }));
    }

    static fromFile(path: string): ApiKeys {
        const parsed = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
        const keys: Partial<Record<Role, string>> = {};
        for (const [role, key] of Object.entries(parsed)) {
            if (!(ROLES as readonly string[]).includes(role) || typeof key !== 'string' || key.length < 32) {
                throw new Error(`api keys file ${path}: entry ${role} must be a known role with a key of 32+ characters`);
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

/** Route guard: 'public' routes skip authentication; others need one of the roles. */
export function authorize(keys: ApiKeys, allowed: readonly Role[] | 'public') {
    return (req: Request, res: Response, next: NextFunction): void => {
        if (allowed === 'public') {
            next();
            return;
        }
        const header = req.get('authorization') ?? '';
        const match = /^Bearer ([A-Za-z0-9._~-]{1,256})$/.exec(header);
        const role = match ? keys.roleOf(match[1] as string) : undefined;
        if (role === undefined) {
            next(new AppError('UNAUTHENTICATED', 'a valid API key is required (Authorization: Bearer <key>)'));
            return;
        }
        if (!allowed.includes(role)) {
            next(new AppError('FORBIDDEN', `role ${role} may not call this route`));
            return;
        }
        res.locals.role = role;
        next();
    };
}
