import { AppError } from '../errors';
import type { Clock } from '../security/clock';
import { newId, newToken, sha256Hex } from '../security/secret-token';
import type { UserRole } from '../customers/customer-model';
import type { SessionStore } from './identity-store';

/** Who a session belongs to; the role is read from the user record on every request. */
export interface SessionPrincipal {
    role: UserRole;
    userId: string;
    sessionId: string;
}

export interface SessionView {
    id: string;
    createdAt: string;
    lastSeenAt: string;
    expiresAt: string;
    clientAddress: string;
    current: boolean;
}

/**
 * Opaque bearer sessions. The token is 256 random bits, chosen by the server only, and
 * stored as its SHA-256; a session ends at its absolute expiry, after an idle period,
 * on logout, on revocation, or when the user's password or role changes.
 */
export class SessionService {
    constructor(
        private readonly store: SessionStore,
        private readonly clock: Clock,
        private readonly settings: { sessionIdleSeconds: number; sessionAbsoluteSeconds: number },
    ) {}

    async open(userId: string, clientAddress: string): Promise<{ token: string; sessionId: string; expiresAt: string }> {
        const now = this.clock.now();
        const token = newToken();
        const session = {
            id: newId(),
            userId,
            tokenHash: sha256Hex(token),
            createdAt: now.toISOString(),
            lastSeenAt: now.toISOString(),
            expiresAt: new Date(now.getTime() + this.settings.sessionAbsoluteSeconds * 1000).toISOString(),
            revokedAt: null,
            clientAddress,
        };
        await this.store.insertSession(session);
        return { token, sessionId: session.id, expiresAt: session.expiresAt };
    }

    /** Undefined for unknown, revoked, expired and idle sessions alike. */
    async authenticate(token: string): Promise<SessionPrincipal | undefined> {
        const session = await this.store.findSessionByTokenHash(sha256Hex(token));
        if (session?.revokedAt !== null) {
            return undefined;
        }
        const now = this.clock.now();
        const idleSince = new Date(session.lastSeenAt).getTime();
        if (session.expiresAt <= now.toISOString() || now.getTime() - idleSince >= this.settings.sessionIdleSeconds * 1000) {
            return undefined;
        }
        const user = await this.store.findUserById(session.userId);
        if (user === undefined) {
            return undefined;
        }
        await this.store.touchSession(session.id, now.toISOString());
        return { role: user.role, userId: user.id, sessionId: session.id };
    }

    async list(principal: SessionPrincipal): Promise<SessionView[]> {
        const sessions = await this.store.listActiveSessions(principal.userId, this.clock.now().toISOString());
        return sessions.map((s) => ({
            id: s.id,
            createdAt: s.createdAt,
            lastSeenAt: s.lastSeenAt,
            expiresAt: s.expiresAt,
            clientAddress: s.clientAddress,
            current: s.id === principal.sessionId,
        }));
    }

    /** Another user's session id answers like an unknown one. */
    async revoke(principal: SessionPrincipal, sessionId: string): Promise<void> {
        if (!(await this.store.revokeSession(principal.userId, sessionId, this.clock.now().toISOString()))) {
            throw new AppError('NOT_FOUND', 'no such active session');
        }
    }

    async revokeAll(userId: string, exceptSessionId?: string): Promise<number> {
        return this.store.revokeSessionsOfUser(userId, this.clock.now().toISOString(), exceptSessionId);
    }

    /** Ends the presented session and opens a new one: used when privileges change. */
    async rotate(principal: SessionPrincipal, clientAddress: string): Promise<{ token: string; sessionId: string; expiresAt: string }> {
        await this.store.revokeSession(principal.userId, principal.sessionId, this.clock.now().toISOString());
        return this.open(principal.userId, clientAddress);
    }
}
