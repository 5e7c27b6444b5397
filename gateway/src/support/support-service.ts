import { AppError } from '../errors';
import type { AuditLog } from '../security/audit-log';
import type { Clock } from '../security/clock';
import { newId } from '../security/secret-token';
import type { SupportEvent, SupportRequest } from '../customers/customer-model';
import type { SupportStore } from './support-store';
import type { Notifier } from '../notifications/notifier';

/** How staff proved who the customer is; free text is not accepted as a method. */
export const VERIFICATION_METHODS = ['id_document_in_branch', 'video_call_with_id_document', 'callback_to_bound_phone'] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];

interface Caller { clientAddress: string }

/**
 * Staff-assisted reset of forgotten security answers: the customer opens a request,
 * staff verify identity, then reset; every step is an event on the request and an
 * audit entry.
 */
export class SupportService {
    constructor(
        private readonly store: SupportStore,
        private readonly notifier: Notifier,
        private readonly audit: AuditLog,
        private readonly clock: Clock,
    ) {}

    async open(userId: string, message: string, caller: Caller): Promise<SupportRequest> {
        const request: SupportRequest = {
            id: newId(),
            userId,
            kind: 'reset_security_answers',
            status: 'open',
            message,
            openedAt: this.clock.now().toISOString(),
            verifiedBy: null,
            verificationMethod: null,
            resolvedBy: null,
            resolvedAt: null,
        };
        await this.store.insertSupportRequest(request);
        await this.event(request.id, userId, 'opened', message);
        await this.audit.record({ event: 'support.opened', actor: userId, subject: userId, clientAddress: caller.clientAddress, details: { request: request.id } });
        return request;
    }

    /** A customer sees only their own requests; another's id answers as unknown. */
    async getOwn(userId: string, requestId: string): Promise<{ request: SupportRequest; events: SupportEvent[] }> {
        const request = await this.store.getSupportRequest(requestId);
        if (request?.userId !== userId) {
            throw new AppError('NOT_FOUND', 'no such support request');
        }
        return { request, events: await this.store.listSupportEvents(requestId) };
    }

    async get(requestId: string): Promise<{ request: SupportRequest; events: SupportEvent[] }> {
        const request = await this.require(requestId);
        return { request, events: await this.store.listSupportEvents(requestId) };
    }

    list(status: SupportRequest['status'], limit: number): Promise<SupportRequest[]> {
        return this.store.listSupportRequests(status, limit);
    }

    async verifyIdentity(requestId: string, method: VerificationMethod, note: string, staff: string, caller: Caller): Promise<SupportRequest> {
        const request = await this.require(requestId);
        if (request.status !== 'open') {
            throw new AppError('INVALID_STATE', `request is ${request.status}, not open`);
        }
        const updated: SupportRequest = { ...request, status: 'verified', verifiedBy: staff, verificationMethod: method };
        await this.store.updateSupportRequest(updated);
        await this.event(requestId, staff, `identity_verified:${method}`, note);
        await this.audit.record({
            event: 'support.identity_verified',
            actor: staff,
            subject: request.userId,
            clientAddress: caller.clientAddress,
            details: { request: requestId, method },
        });
        return updated;
    }

    /**
     * Only after identity was verified, and by another staff member than the one who
     * verified it (four eyes); the customer is told and sets new answers.
     */
    async resetSecurityAnswers(requestId: string, note: string, staff: string, caller: Caller): Promise<SupportRequest> {
        const request = await this.require(requestId);
        if (request.status !== 'verified') {
            throw new AppError('INVALID_STATE', `request is ${request.status}; identity must be verified first`);
        }
        if (request.verifiedBy === staff) {
            throw new AppError('FORBIDDEN', 'the staff member who verified the identity may not also reset the answers');
        }
        await this.store.replaceSecurityAnswers(request.userId, []);
        const updated: SupportRequest = { ...request, status: 'resolved', resolvedBy: staff, resolvedAt: this.clock.now().toISOString() };
        await this.store.updateSupportRequest(updated);
        await this.event(requestId, staff, 'security_answers_reset', note);
        const user = await this.store.findUserById(request.userId);
        if (user?.email !== null && user?.email !== undefined) {
            await this.notifier.send({
                channel: user.emailVerified ? 'email' : 'sms',
                recipient: user.emailVerified ? user.email : (user.phone ?? ''),
                template: 'security-answers-reset',
                body: 'The bank reset your security questions at your request. Please set new ones.',
            });
        }
        await this.audit.record({
            event: 'support.security_answers_reset',
            actor: staff,
            subject: request.userId,
            clientAddress: caller.clientAddress,
            details: { request: requestId, verifiedBy: request.verifiedBy ?? '' },
        });
        return updated;
    }

    async reject(requestId: string, note: string, staff: string, caller: Caller): Promise<SupportRequest> {
        const request = await this.require(requestId);
        if (request.status === 'resolved' || request.status === 'rejected') {
            throw new AppError('INVALID_STATE', `request is already ${request.status}`);
        }
        const updated: SupportRequest = { ...request, status: 'rejected', resolvedBy: staff, resolvedAt: this.clock.now().toISOString() };
        await this.store.updateSupportRequest(updated);
        await this.event(requestId, staff, 'rejected', note);
        await this.audit.record({ event: 'support.rejected', actor: staff, subject: request.userId, clientAddress: caller.clientAddress, details: { request: requestId } });
        return updated;
    }

    private async require(requestId: string): Promise<SupportRequest> {
        const request = await this.store.getSupportRequest(requestId);
        if (request === undefined) {
            throw new AppError('NOT_FOUND', 'no such support request');
        }
        return request;
    }

    private event(requestId: string, actor: string, action: string, note: string): Promise<void> {
        return this.store.insertSupportEvent({ requestId, at: this.clock.now().toISOString(), actor, action, note });
    }
}
