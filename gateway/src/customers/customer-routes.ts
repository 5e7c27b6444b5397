import Joi from 'joi';
import type { Request, Response } from 'express';
import { AppError } from '../errors';
import type { Principal, Role } from '../http/auth';
import type { Route } from '../http/routes';
import { validate } from '../http/validate';
import { SECURITY_QUESTIONS, type RegistrationInput, type StaffInput } from './account-service';
import { STAFF_ROLES, type StaffRole } from './customer-model';
import type { CustomerModule } from './customer-module';
import type { IdentityData, KycDecisionInput } from './kyc-service';
import type { SessionPrincipal } from './session-service';
import { VERIFICATION_METHODS, type VerificationMethod } from './support-service';
import { PASSWORD_MAX_LENGTH } from './contact-rules';

const PEOPLE: readonly Role[] = ['customer', 'teller', 'compliance_officer', 'bank_admin'];
const SUPPORT_STAFF: readonly Role[] = ['teller', 'bank_admin'];
const COMPLIANCE: readonly Role[] = ['compliance_officer'];
const STAFF_ADMINS: readonly Role[] = ['admin', 'bank_admin'];
const AUDIT_READERS: readonly Role[] = ['admin', 'auditor', 'bank_admin'];

const hexId = Joi.string().pattern(/^[0-9a-f]{32}$/);
const uuid = Joi.string().guid({ version: 'uuidv4' });
const code = Joi.string().pattern(/^\d{6}$/).required();
// Length is checked by the password policy, so that a short password gets PASSWORD_WEAK.
const password = Joi.string().min(1).max(PASSWORD_MAX_LENGTH);
const contact = Joi.string().min(3).max(254);
const note = Joi.string().trim().min(1).max(1000).required();
const limit = Joi.number().integer().min(1).max(200).default(50);
const isoDate = Joi.string().pattern(/^\d{4}-\d{2}-\d{2}$/);
const isoTime = Joi.string().pattern(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/);
const country = Joi.string().pattern(/^[A-Z]{2}$/);

const registration = Joi.object<RegistrationInput>({
    phone: contact.required(),
    email: contact.required(),
    name: Joi.string().trim().min(1).max(120).required(),
    password: password.required(),
    agreements: Joi.object({
        userServiceAgreement: Joi.string().max(32).required(),
        privacyPolicy: Joi.string().max(32).required(),
    }).required(),
    verifyBy: Joi.string().valid('sms', 'email').required(),
}).required();

const staffInput = Joi.object<StaffInput>({
    role: Joi.string().valid(...STAFF_ROLES).required(),
    phone: contact.required(),
    email: contact.required(),
    name: Joi.string().trim().min(1).max(120).required(),
    password: password.required(),
}).required();

const answers = Joi.array()
    .items(Joi.object({ questionId: Joi.string().max(64).required(), answer: Joi.string().trim().min(2).max(200).required() }))
    .min(2)
    .max(3)
    .unique('questionId');

const identity = Joi.object<IdentityData>({
    legalName: Joi.string().trim().min(1).max(200).required(),
    dateOfBirth: isoDate.required(),
    nationality: country.required(),
    address: Joi.string().trim().min(1).max(500).required(),
    idDocument: Joi.object({
        type: Joi.string().valid('passport', 'national_id', 'driving_licence').required(),
        number: Joi.string().pattern(/^[A-Za-z0-9<-]{4,40}$/).required(),
        issuingCountry: country.required(),
        expiresOn: isoDate.required(),
    }).required(),
    documentRefs: Joi.array().items(Joi.string().pattern(/^[A-Za-z0-9._:/-]{1,200}$/)).min(1).max(10).required(),
}).required();

const decision = Joi.object<KycDecisionInput>({
    decision: Joi.string().valid('approve', 'reject').required(),
    reason: note,
    tier: Joi.number().integer().min(1).max(3),
    highRisk: Joi.boolean().required(),
    nextReviewAt: isoTime,
}).required();

/** HTTP face of the customers feature: parse, validate, call a service, serialise. */
export function customerRoutes(customers: CustomerModule): Route[] {
    const { accounts, sessions, support, kyc, wallets, audit } = customers;
    return [
        {
            method: 'post',
            path: '/v1/auth/register',
            roles: 'public',
            async handle(req, res) {
                res.status(202).json(await accounts.register(validate(registration, req.body), caller(req)));
            },
        },
        {
            method: 'post',
            path: '/v1/auth/register/verify',
            roles: 'public',
            async handle(req, res) {
                const body = validate(Joi.object({ registrationId: hexId.required(), code }).required(), req.body);
                res.status(201).json(await accounts.completeRegistration(body.registrationId, body.code, caller(req)));
            },
        },
        {
            method: 'post',
            path: '/v1/auth/login',
            roles: 'public',
            async handle(req, res) {
                const body = validate(Joi.object({ identifier: contact.required(), password: password.required() }).required(), req.body);
                res.json(await accounts.startLogin(body.identifier, body.password, caller(req)));
            },
        },
        {
            method: 'post',
            path: '/v1/auth/login/verify',
            roles: 'public',
            async handle(req, res) {
                const body = validate(Joi.object({ challengeId: hexId.required(), code }).required(), req.body);
                res.status(201).json(await accounts.completeLogin(body.challengeId, body.code, caller(req)));
            },
        },
        {
            method: 'post',
            path: '/v1/auth/password/forgot',
            roles: 'public',
            async handle(req, res) {
                const body = validate(Joi.object({ identifier: contact.required() }).required(), req.body);
                res.status(202).json(await accounts.forgotPassword(body.identifier, caller(req)));
            },
        },
        {
            method: 'post',
            path: '/v1/auth/password/reset',
            roles: 'public',
            async handle(req, res) {
                const body = validate(Joi.object({ requestId: hexId.required(), code, newPassword: password.required() }).required(), req.body);
                await accounts.resetPassword(body.requestId, body.code, body.newPassword, caller(req));
                res.status(204).end();
            },
        },
        {
            method: 'get',
            path: '/v1/auth/security-questions',
            roles: 'public',
            async handle(_req, res) {
                res.json({ items: Object.entries(SECURITY_QUESTIONS).map(([id, text]) => ({ id, text })) });
            },
        },
        {
            method: 'post',
            path: '/v1/auth/logout',
            roles: PEOPLE,
            async handle(req, res) {
                await accounts.logout(session(res), caller(req));
                res.status(204).end();
            },
        },
        {
            method: 'get',
            path: '/v1/me',
            roles: PEOPLE,
            async handle(_req, res) {
                res.json(await accounts.profile(session(res)));
            },
        },
        {
            method: 'get',
            path: '/v1/me/sessions',
            roles: PEOPLE,
            async handle(_req, res) {
                res.json({ items: await sessions.list(session(res)) });
            },
        },
        {
            method: 'post',
            path: '/v1/me/sessions/:sessionId/revoke',
            roles: PEOPLE,
            async handle(req, res) {
                const id = validate(hexId.required(), req.params.sessionId);
                await sessions.revoke(session(res), id);
                res.status(204).end();
            },
        },
        {
            method: 'post',
            path: '/v1/me/password',
            roles: PEOPLE,
            async handle(req, res) {
                const body = validate(Joi.object({ oldPassword: password.required(), newPassword: password.required() }).required(), req.body);
                res.json(await accounts.changePassword(session(res), body.oldPassword, body.newPassword, caller(req)));
            },
        },
        {
            method: 'post',
            path: '/v1/me/contact',
            roles: PEOPLE,
            async handle(req, res) {
                const body = validate(
                    Joi.object({ channel: Joi.string().valid('sms', 'email').required(), value: contact.required(), password: password.required() }).required(),
                    req.body,
                );
                res.status(202).json(await accounts.startContactChange(session(res), body.channel, body.value, body.password, caller(req)));
            },
        },
        {
            method: 'post',
            path: '/v1/me/contact/verify',
            roles: PEOPLE,
            async handle(req, res) {
                const body = validate(Joi.object({ changeId: hexId.required(), code }).required(), req.body);
                res.json(await accounts.completeContactChange(session(res), body.changeId, body.code, caller(req)));
            },
        },
        {
            method: 'post',
            path: '/v1/me/totp',
            roles: PEOPLE,
            async handle(req, res) {
                const body = validate(Joi.object({ password: password.required() }).required(), req.body);
                res.status(201).json(await accounts.startTotp(session(res), body.password, caller(req)));
            },
        },
        {
            method: 'post',
            path: '/v1/me/totp/confirm',
            roles: PEOPLE,
            async handle(req, res) {
                const body = validate(Joi.object({ code }).required(), req.body);
                await accounts.confirmTotp(session(res), body.code, caller(req));
                res.status(204).end();
            },
        },
        {
            method: 'post',
            path: '/v1/me/totp/remove',
            roles: PEOPLE,
            async handle(req, res) {
                const body = validate(Joi.object({ password: password.required(), code }).required(), req.body);
                await accounts.removeTotp(session(res), body.password, body.code, caller(req));
                res.status(204).end();
            },
        },
        {
            method: 'post',
            path: '/v1/me/security-answers',
            roles: PEOPLE,
            async handle(req, res) {
                const body = validate(Joi.object({ password: password.required(), answers: answers.required() }).required(), req.body);
                await accounts.setSecurityAnswers(session(res), body.password, body.answers, caller(req));
                res.status(204).end();
            },
        },
        {
            method: 'post',
            path: '/v1/me/support-requests',
            roles: ['customer'],
            async handle(req, res) {
                const body = validate(
                    Joi.object({ kind: Joi.string().valid('reset_security_answers').required(), message: note }).required(),
                    req.body,
                );
                const opened = await support.open(session(res).userId, body.message, caller(req));
                res.status(201).location(`/v1/me/support-requests/${opened.id}`).json(opened);
            },
        },
        {
            method: 'get',
            path: '/v1/me/support-requests/:requestId',
            roles: ['customer'],
            async handle(req, res) {
                res.json(await support.getOwn(session(res).userId, validate(hexId.required(), req.params.requestId)));
            },
        },
        {
            method: 'post',
            path: '/v1/me/kyc',
            roles: ['customer'],
            async handle(req, res) {
                res.status(202).json(await kyc.submit(session(res).userId, validate(identity, req.body), caller(req).clientAddress));
            },
        },
        {
            method: 'get',
            path: '/v1/me/kyc',
            roles: ['customer'],
            async handle(_req, res) {
                res.json(await kyc.status(session(res).userId));
            },
        },
        {
            method: 'post',
            path: '/v1/me/wallet-key',
            roles: ['customer'],
            async handle(req, res) {
                const body = validate(
                    Joi.object({
                        mode: Joi.string().valid('custodial', 'self_custody').required(),
                        publicKey: Joi.when('mode', { is: 'self_custody', then: Joi.string().min(1).max(1024).required(), otherwise: Joi.forbidden() }),
                    }).required(),
                    req.body,
                );
                const me = session(res).userId;
                const key =
                    body.mode === 'custodial'
                        ? await wallets.createCustodial(me, caller(req).clientAddress)
                        : await wallets.registerSelfCustody(me, body.publicKey as string, caller(req).clientAddress);
                res.status(201).json({ ...key, account: await openAccountFor(customers, me, caller(req).clientAddress) });
            },
        },
        {
            method: 'get',
            path: '/v1/me/wallet-key',
            roles: ['customer'],
            async handle(_req, res) {
                res.json(await wallets.get(session(res).userId));
            },
        },
        {
            method: 'get',
            path: '/v1/support-requests',
            roles: SUPPORT_STAFF,
            async handle(req, res) {
                const query = validate(
                    Joi.object({ status: Joi.string().valid('open', 'verified', 'resolved', 'rejected').default('open'), limit }),
                    { ...req.query },
                );
                res.json({ items: await support.list(query.status, query.limit) });
            },
        },
        {
            method: 'get',
            path: '/v1/support-requests/:requestId',
            roles: SUPPORT_STAFF,
            async handle(req, res) {
                res.json(await support.get(validate(hexId.required(), req.params.requestId)));
            },
        },
        {
            method: 'post',
            path: '/v1/support-requests/:requestId/verify-identity',
            roles: SUPPORT_STAFF,
            async handle(req, res) {
                const id = validate(hexId.required(), req.params.requestId);
                const body = validate(Joi.object({ method: Joi.string().valid(...VERIFICATION_METHODS).required(), note }).required(), req.body);
                res.json(await support.verifyIdentity(id, body.method as VerificationMethod, body.note, actor(res), caller(req)));
            },
        },
        {
            method: 'post',
            path: '/v1/support-requests/:requestId/reset-security-answers',
            roles: SUPPORT_STAFF,
            async handle(req, res) {
                const id = validate(hexId.required(), req.params.requestId);
                const body = validate(Joi.object({ note }).required(), req.body);
                res.json(await support.resetSecurityAnswers(id, body.note, actor(res), caller(req)));
            },
        },
        {
            method: 'post',
            path: '/v1/support-requests/:requestId/reject',
            roles: SUPPORT_STAFF,
            async handle(req, res) {
                const id = validate(hexId.required(), req.params.requestId);
                const body = validate(Joi.object({ note }).required(), req.body);
                res.json(await support.reject(id, body.note, actor(res), caller(req)));
            },
        },
        {
            method: 'get',
            path: '/v1/kyc/queue',
            roles: COMPLIANCE,
            async handle(req, res) {
                const query = validate(Joi.object({ status: Joi.string().valid('submitted', 'approved', 'rejected').default('submitted'), limit }), {
                    ...req.query,
                });
                res.json({ items: await kyc.queue(query.status, query.limit) });
            },
        },
        {
            method: 'get',
            path: '/v1/kyc/due-for-review',
            roles: COMPLIANCE,
            async handle(req, res) {
                const query = validate(Joi.object({ asOf: isoTime, limit }), { ...req.query });
                res.json({ items: await kyc.dueForReview(query.asOf === undefined ? undefined : new Date(query.asOf), query.limit) });
            },
        },
        {
            method: 'get',
            path: '/v1/kyc/:customerId',
            roles: COMPLIANCE,
            async handle(req, res) {
                const id = validate(uuid.required(), req.params.customerId);
                res.json(await kyc.identityFor(id, actor(res), caller(req).clientAddress));
            },
        },
        {
            method: 'post',
            path: '/v1/kyc/:customerId/decision',
            roles: COMPLIANCE,
            async handle(req, res) {
                const id = validate(uuid.required(), req.params.customerId);
                res.json(await kyc.decide(id, validate(decision, req.body), actor(res), caller(req).clientAddress));
            },
        },
        {
            method: 'post',
            path: '/v1/staff',
            roles: STAFF_ADMINS,
            async handle(req, res) {
                res.status(201).json(await accounts.createStaff(validate(staffInput, req.body), actor(res), caller(req)));
            },
        },
        {
            method: 'post',
            path: '/v1/staff/:userId/role',
            roles: STAFF_ADMINS,
            async handle(req, res) {
                const id = validate(uuid.required(), req.params.userId);
                const body = validate(Joi.object({ role: Joi.string().valid(...STAFF_ROLES).required() }).required(), req.body);
                await accounts.changeRole(id, body.role as StaffRole, actor(res), caller(req));
                res.status(204).end();
            },
        },
        {
            method: 'get',
            path: '/v1/audit/verify',
            roles: AUDIT_READERS,
            async handle(_req, res) {
                res.json(await audit.verify());
            },
        },
    ];
}

/**
 * The bank opens the ledger account as soon as the key is set. The key is kept even when
 * the ledger does not answer; the answer says so, and POST /v1/me/account opens it later.
 */
async function openAccountFor(customers: CustomerModule, customerId: string, clientAddress: string): Promise<{ address: string } | { address: null; code: string; retry: string }> {
    try {
        return { address: (await customers.ledgerAccounts.open(customerId, clientAddress)).address };
    } catch (err) {
        return { address: null, code: err instanceof AppError ? err.code : 'INTERNAL', retry: 'POST /v1/me/account' };
    }
}

function principal(res: Response): Principal {
    return res.locals.principal as Principal;
}

function actor(res: Response): string {
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
