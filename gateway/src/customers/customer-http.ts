import Joi from 'joi';
import type { Request, Response } from 'express';
import { AppError } from '../errors';
import type { Principal, Role } from '../http/auth';
import type { SessionPrincipal } from '../identity/session-service';

/** What the HTTP faces of the customer side's features share: roles of people, common ids and fields, who is calling. */
export const PEOPLE: readonly Role[] = ['customer', 'teller', 'compliance_officer', 'bank_admin'];

export const hexId = Joi.string().pattern(/^[0-9a-f]{32}$/);
export const uuid = Joi.string().guid({ version: 'uuidv4' });
export const note = Joi.string().trim().min(1).max(1000).required();
export const limit = Joi.number().integer().min(1).max(200).default(50);

function principal(res: Response): Principal {
    return res.locals.principal as Principal;
}

export function actor(res: Response): string {
    return principal(res).actor;
}

/** Routes about "me" need a person's session, never an API key. */
export function session(res: Response): SessionPrincipal {
    const p = principal(res);
    if (p.kind !== 'session') {
        throw new AppError('FORBIDDEN', 'this route needs a signed-in person');
    }
    return { role: p.role as SessionPrincipal['role'], userId: p.userId, sessionId: p.sessionId };
}

export function caller(req: Request): { clientAddress: string } {
    return { clientAddress: req.ip ?? req.socket.remoteAddress ?? 'unknown' };
}
