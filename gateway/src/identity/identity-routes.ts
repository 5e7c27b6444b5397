import Joi from 'joi';
import type { Principal, Role } from '../http/auth';
import type { Route } from '../http/routes';
import { validate } from '../http/validate';
import type { AuditLog } from '../security/audit-log';
import { STAFF_ROLES, type Channel, type StaffRole } from '../customers/customer-model';
import { actor, caller, hexId, PEOPLE, session, uuid } from '../customers/customer-http';
import { SECURITY_QUESTIONS, type AccountService, type RegistrationInput, type SecurityAnswer, type StaffInput } from './account-service';
import { PASSWORD_MAX_LENGTH } from './contact-rules';
import type { SessionService } from './session-service';
import { clearSessionCookie, fromWebClient, setSessionCookie } from '../http/session-cookie';

const STAFF_ADMINS: readonly Role[] = ['admin', 'bank_admin'];
const AUDIT_READERS: readonly Role[] = ['admin', 'auditor', 'bank_admin'];

const code = Joi.string().pattern(/^\d{6}$/).required();
// Length is checked by the password policy, so that a short password gets PASSWORD_WEAK.
const password = Joi.string().min(1).max(PASSWORD_MAX_LENGTH);
const contact = Joi.string().min(3).max(254);

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

/** HTTP face of identity: registration, sign-in, sessions, passwords, second factors, staff accounts and the audit check. */
export function identityRoutes({ accounts, sessions, audit }: { accounts: AccountService; sessions: SessionService; audit: AuditLog }): Route[] {
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
                const body = validate(Joi.object<{ registrationId: string; code: string }>({ registrationId: hexId.required(), code }).required(), req.body);
                res.status(201).json(await accounts.completeRegistration(body.registrationId, body.code, caller(req)));
            },
        },
        {
            method: 'post',
            path: '/v1/auth/login',
            roles: 'public',
            async handle(req, res) {
                const body = validate(Joi.object<{ identifier: string; password: string }>({ identifier: contact.required(), password: password.required() }).required(), req.body);
                res.json(await accounts.startLogin(body.identifier, body.password, caller(req)));
            },
        },
        {
            method: 'post',
            path: '/v1/auth/login/verify',
            roles: 'public',
            async handle(req, res) {
                const body = validate(Joi.object<{ challengeId: string; code: string }>({ challengeId: hexId.required(), code }).required(), req.body);
                const signedIn = await accounts.completeLogin(body.challengeId, body.code, caller(req));
                if (!fromWebClient(req)) {
                    res.status(201).json(signedIn);
                    return;
                }
                // The web app gets the token only as an HttpOnly cookie: no script ever holds it.
                setSessionCookie(req, res, signedIn.token, signedIn.expiresAt);
                res.status(201).json({ expiresAt: signedIn.expiresAt, role: signedIn.role });
            },
        },
        {
            method: 'post',
            path: '/v1/auth/password/forgot',
            roles: 'public',
            async handle(req, res) {
                const body = validate(Joi.object<{ identifier: string }>({ identifier: contact.required() }).required(), req.body);
                res.status(202).json(await accounts.forgotPassword(body.identifier, caller(req)));
            },
        },
        {
            method: 'post',
            path: '/v1/auth/password/reset',
            roles: 'public',
            async handle(req, res) {
                const body = validate(Joi.object<{ requestId: string; code: string; newPassword: string }>({ requestId: hexId.required(), code, newPassword: password.required() }).required(), req.body);
                await accounts.resetPassword(body.requestId, body.code, body.newPassword, caller(req));
                res.status(204).end();
            },
        },
        {
            method: 'get',
            path: '/v1/auth/security-questions',
            roles: 'public',
            handle(_req, res) {
                res.json({ items: Object.entries(SECURITY_QUESTIONS).map(([id, text]) => ({ id, text })) });
                return Promise.resolve();
            },
        },
        {
            method: 'post',
            path: '/v1/auth/logout',
            roles: PEOPLE,
            async handle(req, res) {
                await accounts.logout(session(res), caller(req));
                const principal = res.locals.principal as Principal;
                if (principal.kind === 'session' && principal.viaCookie) {
                    clearSessionCookie(req, res);
                }
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
                const body = validate(Joi.object<{ oldPassword: string; newPassword: string }>({ oldPassword: password.required(), newPassword: password.required() }).required(), req.body);
                res.json(await accounts.changePassword(session(res), body.oldPassword, body.newPassword, caller(req)));
            },
        },
        {
            method: 'post',
            path: '/v1/me/contact',
            roles: PEOPLE,
            async handle(req, res) {
                const body = validate(
                    Joi.object<{ channel: Channel; value: string; password: string }>({ channel: Joi.string().valid('sms', 'email').required(), value: contact.required(), password: password.required() }).required(),
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
                const body = validate(Joi.object<{ changeId: string; code: string }>({ changeId: hexId.required(), code }).required(), req.body);
                res.json(await accounts.completeContactChange(session(res), body.changeId, body.code, caller(req)));
            },
        },
        {
            method: 'post',
            path: '/v1/me/totp',
            roles: PEOPLE,
            async handle(req, res) {
                const body = validate(Joi.object<{ password: string }>({ password: password.required() }).required(), req.body);
                res.status(201).json(await accounts.startTotp(session(res), body.password, caller(req)));
            },
        },
        {
            method: 'post',
            path: '/v1/me/totp/confirm',
            roles: PEOPLE,
            async handle(req, res) {
                const body = validate(Joi.object<{ code: string }>({ code }).required(), req.body);
                await accounts.confirmTotp(session(res), body.code, caller(req));
                res.status(204).end();
            },
        },
        {
            method: 'post',
            path: '/v1/me/totp/remove',
            roles: PEOPLE,
            async handle(req, res) {
                const body = validate(Joi.object<{ password: string; code: string }>({ password: password.required(), code }).required(), req.body);
                await accounts.removeTotp(session(res), body.password, body.code, caller(req));
                res.status(204).end();
            },
        },
        {
            method: 'post',
            path: '/v1/me/security-answers',
            roles: PEOPLE,
            async handle(req, res) {
                const body = validate(Joi.object<{ password: string; answers: SecurityAnswer[] }>({ password: password.required(), answers: answers.required() }).required(), req.body);
                await accounts.setSecurityAnswers(session(res), body.password, body.answers, caller(req));
                res.status(204).end();
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
                const body = validate(Joi.object<{ role: StaffRole }>({ role: Joi.string().valid(...STAFF_ROLES).required() }).required(), req.body);
                await accounts.changeRole(id, body.role, actor(res), caller(req));
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
