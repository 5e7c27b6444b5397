import { randomUUID } from 'node:crypto';
import { AppError } from '../errors';
import type { AuditLog } from '../security/audit-log';
import type { Clock } from '../security/clock';
import type { PasswordHasher } from '../security/password-hasher';
import type { RateLimiter } from '../security/rate-limiter';
import { newId, sha256Hex } from '../security/secret-token';
import { checkPassword, normaliseEmail, normalisePhone, parseIdentifier } from './contact-rules';
import type { Channel, StaffRole, UserRecord, UserRole } from '../customers/customer-model';
import type { CustomerSettings } from '../customers/customer-settings';
import type { AccountStore } from './identity-store';
import type { Notifier } from '../notifications/notifier';
import type { OneTimeCodes } from './one-time-codes';
import type { SessionPrincipal, SessionService } from './session-service';
import type { TotpService } from './totp-service';

export interface RegistrationInput {
    phone: string;
    email: string;
    name: string;
    password: string;
    agreements: { userServiceAgreement: string; privacyPolicy: string };
    verifyBy: Channel;
}

/** One answer to a security question, as the customer typed it. */
export interface SecurityAnswer {
    questionId: string;
    answer: string;
}

export interface StaffInput {
    role: StaffRole;
    phone: string;
    email: string;
    name: string;
    password: string;
}

/** The fixed catalogue of security questions; answers are argon2id hashes. */
export const SECURITY_QUESTIONS: Readonly<Record<string, string>> = {
    'first-school': 'What was the name of your first school?',
    'childhood-street': 'On which street did you live as a child?',
    'first-employer': 'What was the name of your first employer?',
    'parents-meeting-city': 'In which city did your parents meet?',
    'childhood-friend': 'What is the first name of your oldest childhood friend?',
    'first-concert': 'Which artist did you first see in concert?',
};

interface Caller { clientAddress: string }

/** The message every failed sign-in gets, whatever failed: unknown account or wrong password. */
const BAD_CREDENTIALS = 'the phone or email and password do not match an account';

/** Registration, sign-in with a second factor, password and security questions, recovery. */
export class AccountService {
    constructor(
        private readonly store: AccountStore,
        private readonly hasher: PasswordHasher,
        private readonly codes: OneTimeCodes,
        private readonly sessions: SessionService,
        private readonly notifier: Notifier,
        private readonly audit: AuditLog,
        private readonly limiter: RateLimiter,
        private readonly clock: Clock,
        private readonly settings: CustomerSettings,
        private readonly totp: TotpService,
    ) {}

    /**
     * Starts a registration and sends a code to the chosen channel. When that phone or
     * email already has an account, its owner gets a notice instead of a code, and the
     * answer is the same: whether an address is registered is only told to whoever
     * controls it.
     */
    async register(input: RegistrationInput, caller: Caller): Promise<{ registrationId: string; channel: Channel; expiresAt: string }> {
        this.limit(`register:${caller.clientAddress}`, this.settings.limits.register);
        const phone = normalisePhone(input.phone);
        const email = normaliseEmail(input.email);
        checkPassword(input.password, [input.name, phone, email]);
        const current = this.settings.agreements;
        if (input.agreements.userServiceAgreement !== current.userServiceAgreement || input.agreements.privacyPolicy !== current.privacyPolicy) {
            throw new AppError(
                'AGREEMENT_NOT_ACCEPTED',
                `accept the current User Service Agreement (${current.userServiceAgreement}) and Privacy Policy (${current.privacyPolicy})`,
                'agreements',
            );
        }
        const now = this.clock.now().toISOString();
        const id = newId();
        await this.store.insertPendingRegistration({
            id,
            phone,
            email,
            name: input.name,
            passwordHash: await this.hasher.hash(input.password),
            channel: input.verifyBy,
            agreements: { ...current, acceptedAt: now },
            createdAt: now,
        });
        const recipient = input.verifyBy === 'sms' ? phone : email;
        const existing = await this.store.findUserByContact(input.verifyBy === 'sms' ? { phone } : { email });
        const issued = await this.codes.issue('register', null, id);
        await this.notifier.send(
            existing === undefined
                ? { channel: input.verifyBy, recipient, template: 'register-code', body: `Your Corridor verification code is ${issued.code}` }
                : {
                      channel: input.verifyBy,
                      recipient,
                      template: 'register-already-registered',
                      body: 'Someone tried to register with this address, which already has an account. Sign in, or reset your password.',
                  },
        );
        await this.audit.record({ event: 'registration.started', actor: 'anonymous', subject: id, clientAddress: caller.clientAddress });
        return { registrationId: id, channel: input.verifyBy, expiresAt: issued.expiresAt };
    }

    async completeRegistration(registrationId: string, code: string, caller: Caller): Promise<{ customerId: string }> {
        this.limit(`code:${caller.clientAddress}`, this.settings.limits.code);
        await this.codes.redeem(registrationId, 'register', code);
        const pending = await this.store.getPendingRegistration(registrationId);
        if (pending === undefined) {
            throw new AppError('INVALID_CODE', 'the code is wrong', 'code');
        }
        const now = this.clock.now().toISOString();
        const user: UserRecord = {
            id: randomUUID(),
            role: 'customer',
            name: pending.name,
            phone: pending.phone,
            email: pending.email,
            phoneVerified: pending.channel === 'sms',
            emailVerified: pending.channel === 'email',
            passwordHash: pending.passwordHash,
            agreements: pending.agreements,
            createdAt: now,
            updatedAt: now,
        };
        const { taken } = await this.store.insertUser(user);
        await this.store.deletePendingRegistration(registrationId);
        if (taken === 'phone') {
            throw new AppError('PHONE_TAKEN', 'this phone number already has an account; sign in or reset your password', 'phone');
        }
        if (taken === 'email') {
            throw new AppError('EMAIL_TAKEN', 'this email address already has an account; sign in or reset your password', 'email');
        }
        await this.audit.record({
            event: 'customer.registered',
            actor: user.id,
            subject: user.id,
            clientAddress: caller.clientAddress,
            details: { userServiceAgreement: pending.agreements.userServiceAgreement, privacyPolicy: pending.agreements.privacyPolicy },
        });
        return { customerId: user.id };
    }

    /** Staff accounts are created by the bank's administrators, with both contacts taken as verified. */
    async createStaff(input: StaffInput, actor: string, caller: Caller): Promise<{ userId: string }> {
        const phone = normalisePhone(input.phone);
        const email = normaliseEmail(input.email);
        checkPassword(input.password, [input.name, phone, email]);
        const now = this.clock.now().toISOString();
        const user: UserRecord = {
            id: randomUUID(),
            role: input.role,
            name: input.name,
            phone,
            email,
            phoneVerified: true,
            emailVerified: true,
            passwordHash: await this.hasher.hash(input.password),
            agreements: null,
            createdAt: now,
            updatedAt: now,
        };
        const { taken } = await this.store.insertUser(user);
        if (taken !== undefined) {
            throw new AppError(taken === 'phone' ? 'PHONE_TAKEN' : 'EMAIL_TAKEN', `this ${taken} already has an account`, taken);
        }
        await this.audit.record({ event: 'staff.created', actor, subject: user.id, clientAddress: caller.clientAddress, details: { role: input.role } });
        return { userId: user.id };
    }

    /** A change of role ends every session of the user: privileges never carry over into an old token. */
    async changeRole(userId: string, role: StaffRole, actor: string, caller: Caller): Promise<void> {
        const user = await this.store.findUserById(userId);
        if (user === undefined || user.role === 'customer') {
            throw new AppError('NOT_FOUND', 'no such staff member');
        }
        await this.store.updateRole(userId, role, this.clock.now().toISOString());
        const ended = await this.sessions.revokeAll(userId);
        await this.audit.record({
            event: 'staff.role_changed',
            actor,
            subject: userId,
            clientAddress: caller.clientAddress,
            details: { from: user.role, to: role, sessionsEnded: ended },
        });
    }

    /**
     * First factor. Unknown accounts cost one argon2id verification too and fail with the
     * same answer; lockout counts per account, and per identifier when there is no account.
     */
    async startLogin(identifier: string, password: string, caller: Caller): Promise<{ challengeId: string; channel: Channel | 'totp'; expiresAt: string }> {
        this.limit(`login:${caller.clientAddress}`, this.settings.limits.login);
        const contact = parseIdentifier(identifier);
        const user = await this.store.findUserByContact(contact);
        const lockKey = user === undefined ? `identifier:${sha256Hex(JSON.stringify(contact))}` : `user:${user.id}`;
        await this.refuseIfLocked(lockKey);
        const passwordOk = user === undefined ? (await this.hasher.burn(password), false) : await this.hasher.verify(user.passwordHash, password);
        if (user === undefined || !passwordOk) {
            await this.countFailure(lockKey, user?.id, 'login.password_failed', caller);
            throw new AppError('INVALID_CREDENTIALS', BAD_CREDENTIALS);
        }
        const issued = await this.codes.issue('login', user.id);
        await this.audit.record({ event: 'login.password_accepted', actor: user.id, subject: user.id, clientAddress: caller.clientAddress });
        if (await this.totp.enabled(user.id)) {
            // The challenge only carries expiry and attempts; the code comes from the authenticator.
            return { challengeId: issued.id, channel: 'totp', expiresAt: issued.expiresAt };
        }
        const channel = secondFactorChannel(user, 'phone' in contact ? 'sms' : 'email');
        await this.notifier.send({
            channel,
            recipient: channel === 'sms' ? (user.phone as string) : (user.email as string),
            template: 'login-code',
            body: `Your Corridor sign-in code is ${issued.code}. Never share it, not even with the bank.`,
        });
        return { challengeId: issued.id, channel, expiresAt: issued.expiresAt };
    }

    /** Second factor: the code opens a session with a fresh server-chosen token. */
    async completeLogin(challengeId: string, code: string, caller: Caller): Promise<{ token: string; expiresAt: string; role: UserRole }> {
        this.limit(`code:${caller.clientAddress}`, this.settings.limits.code);
        const pending = await this.store.getCode(challengeId);
        const lockKey = pending?.userId ? `user:${pending.userId}` : undefined;
        if (lockKey !== undefined) {
            await this.refuseIfLocked(lockKey);
        }
        let record;
        try {
            const userId = pending?.userId ?? null;
            const viaTotp = userId !== null && (await this.totp.enabled(userId));
            record = await this.codes.redeem(challengeId, 'login', code, viaTotp ? () => this.totp.check(userId, code) : undefined);
        } catch (err) {
            if (lockKey !== undefined && err instanceof AppError && err.code === 'INVALID_CODE') {
                await this.countFailure(lockKey, pending?.userId ?? undefined, 'login.code_failed', caller);
            }
            throw err;
        }
        const user = await this.store.findUserById(record.userId as string);
        if (user === undefined) {
            throw new AppError('INVALID_CODE', 'the code is wrong', 'code');
        }
        await this.store.clearLoginFailures(`user:${user.id}`);
        const session = await this.sessions.open(user.id, caller.clientAddress);
        await this.audit.record({
            event: 'login.succeeded',
            actor: user.id,
            subject: user.id,
            clientAddress: caller.clientAddress,
            details: { session: session.sessionId },
        });
        return { token: session.token, expiresAt: session.expiresAt, role: user.role };
    }

    async logout(principal: SessionPrincipal, caller: Caller): Promise<void> {
        await this.sessions.revoke(principal, principal.sessionId);
        await this.audit.record({ event: 'logout', actor: principal.userId, subject: principal.userId, clientAddress: caller.clientAddress });
    }

    async profile(principal: SessionPrincipal): Promise<object> {
        const user = await this.requireUser(principal.userId);
        const answers = await this.store.getSecurityAnswers(user.id);
        return {
            id: user.id,
            role: user.role,
            name: user.name,
            phone: user.phone,
            email: user.email,
            phoneVerified: user.phoneVerified,
            emailVerified: user.emailVerified,
            agreements: user.agreements,
            securityQuestions: answers.map((a) => a.questionId),
            createdAt: user.createdAt,
        };
    }

    /** The old password is required; every other session ends; the owner is told. */
    async changePassword(principal: SessionPrincipal, oldPassword: string, newPassword: string, caller: Caller): Promise<{ sessionsEnded: number }> {
        const user = await this.requireUser(principal.userId);
        const lockKey = `user:${user.id}`;
        await this.refuseIfLocked(lockKey);
        if (!(await this.hasher.verify(user.passwordHash, oldPassword))) {
            await this.countFailure(lockKey, user.id, 'password.change_failed', caller);
            throw new AppError('INVALID_CREDENTIALS', 'the current password is wrong', 'oldPassword');
        }
        checkPassword(newPassword, [user.name, user.phone ?? '', user.email ?? '']);
        if (newPassword === oldPassword) {
            throw new AppError('PASSWORD_UNCHANGED', 'the new password must differ from the current one', 'newPassword');
        }
        const ended = await this.replacePassword(user, newPassword, caller, {
            keepSession: principal.sessionId,
            event: 'password.changed',
            template: 'password-changed',
            notice: 'Your Corridor password was changed. If this was not you, call the bank now.',
        });
        return { sessionsEnded: ended };
    }

    /**
     * Recovery step one. Known or not, the answer is a request id and an expiry; for an
     * unknown identifier a decoy code is stored that nobody receives.
     */
    async forgotPassword(identifier: string, caller: Caller): Promise<{ requestId: string; expiresAt: string }> {
        this.limit(`recovery:${caller.clientAddress}`, this.settings.limits.recovery);
        const contact = parseIdentifier(identifier);
        this.limit(`recovery-identifier:${sha256Hex(JSON.stringify(contact))}`, this.settings.limits.recovery);
        const user = await this.store.findUserByContact(contact);
        const issued = await this.codes.issue('reset_password', user?.id ?? null);
        if (user !== undefined) {
            const channel = secondFactorChannel(user, 'phone' in contact ? 'sms' : 'email');
            await this.notifier.send({
                channel,
                recipient: channel === 'sms' ? (user.phone as string) : (user.email as string),
                template: 'reset-password-code',
                body: `Your Corridor password reset code is ${issued.code}. If you did not ask for it, ignore this message.`,
            });
        }
        await this.audit.record({
            event: 'password.reset_requested',
            actor: 'anonymous',
            ...(user !== undefined ? { subject: user.id } : {}),
            clientAddress: caller.clientAddress,
        });
        return { requestId: issued.id, expiresAt: issued.expiresAt };
    }

    /** Recovery step two: the code and a new password; every session of the account ends. */
    async resetPassword(requestId: string, code: string, newPassword: string, caller: Caller): Promise<void> {
        this.limit(`recovery:${caller.clientAddress}`, this.settings.limits.recovery);
        const record = await this.codes.redeem(requestId, 'reset_password', code);
        const user = record.userId === null ? undefined : await this.store.findUserById(record.userId);
        if (user === undefined) {
            throw new AppError('INVALID_CODE', 'the code is wrong', 'code');
        }
        checkPassword(newPassword, [user.name, user.phone ?? '', user.email ?? '']);
        await this.store.clearLoginFailures(`user:${user.id}`);
        await this.replacePassword(user, newPassword, caller, {
            event: 'password.reset',
            template: 'password-reset',
            notice: 'Your Corridor password was reset. If this was not you, call the bank now.',
        });
    }

    /**
     * Bind or change a phone or email: the password confirms the owner, a code goes to
     * the new address; nothing changes until that code comes back.
     */
    async startContactChange(
        principal: SessionPrincipal,
        channel: Channel,
        value: string,
        password: string,
        caller: Caller,
    ): Promise<{ changeId: string; expiresAt: string }> {
        this.limit(`code:${caller.clientAddress}`, this.settings.limits.code);
        const user = await this.requireUser(principal.userId);
        const lockKey = `user:${user.id}`;
        await this.refuseIfLocked(lockKey);
        if (!(await this.hasher.verify(user.passwordHash, password))) {
            await this.countFailure(lockKey, user.id, 'contact.change_failed', caller);
            throw new AppError('INVALID_CREDENTIALS', 'the password is wrong', 'password');
        }
        const normalised = channel === 'sms' ? normalisePhone(value) : normaliseEmail(value);
        const issued = await this.codes.issue('bind_contact', user.id);
        await this.store.insertContactChange({ id: issued.id, userId: user.id, channel, value: normalised, createdAt: this.clock.now().toISOString() });
        await this.notifier.send({ channel, recipient: normalised, template: 'bind-contact-code', body: `Your Corridor code to confirm this ${channel === 'sms' ? 'phone number' : 'email address'} is ${issued.code}` });
        return { changeId: issued.id, expiresAt: issued.expiresAt };
    }

    /** The code from the new address binds it; the old address is told; other sessions end. */
    async completeContactChange(principal: SessionPrincipal, changeId: string, code: string, caller: Caller): Promise<{ sessionsEnded: number }> {
        this.limit(`code:${caller.clientAddress}`, this.settings.limits.code);
        const change = await this.store.getContactChange(changeId);
        if (change?.userId !== principal.userId) {
            throw new AppError('INVALID_CODE', 'the code is wrong', 'code');
        }
        await this.codes.redeem(changeId, 'bind_contact', code);
        const user = await this.requireUser(principal.userId);
        const { taken } = await this.store.updateContact(user.id, change.channel, change.value, this.clock.now().toISOString());
        if (taken !== undefined) {
            throw new AppError(taken === 'phone' ? 'PHONE_TAKEN' : 'EMAIL_TAKEN', `this ${taken} already belongs to another account`, taken);
        }
        const old = change.channel === 'sms' ? user.phone : user.email;
        await this.tellOldContact(user, change);
        const ended = await this.sessions.revokeAll(user.id, principal.sessionId);
        await this.audit.record({
            event: change.channel === 'sms' ? 'contact.phone_bound' : 'contact.email_bound',
            actor: user.id,
            subject: user.id,
            clientAddress: caller.clientAddress,
            details: { replaced: old !== null, sessionsEnded: ended },
        });
        return { sessionsEnded: ended };
    }

    /**
     * The notice of a bound phone or email goes to the address it replaced when that one
     * was proven by a code; otherwise (nothing bound before, or an address typed at
     * registration and never proven, perhaps a stranger's) to the owner's other proven
     * address. Either way the owner hears of it somewhere the new address cannot answer for.
     */
    private async tellOldContact(user: UserRecord, change: { channel: Channel; value: string }): Promise<void> {
        const what = change.channel === 'sms' ? 'phone number' : 'email address';
        const old = change.channel === 'sms' ? { value: user.phone, verified: user.phoneVerified } : { value: user.email, verified: user.emailVerified };
        if (old.value !== null && old.verified) {
            if (old.value !== change.value) {
                await this.notifier.send({
                    channel: change.channel,
                    recipient: old.value,
                    template: 'contact-changed',
                    body: `The ${what} of your Corridor account was changed. If this was not you, call the bank now.`,
                });
            }
            return;
        }
        const other: Channel = change.channel === 'sms' ? 'email' : 'sms';
        const proven = other === 'sms' ? (user.phoneVerified ? user.phone : null) : user.emailVerified ? user.email : null;
        if (proven !== null) {
            await this.notifier.send({
                channel: other,
                recipient: proven,
                template: 'contact-bound',
                body: `A new ${what} was confirmed for your Corridor account. If this was not you, call the bank now.`,
            });
        }
    }

    /** Starts TOTP enrolment; the password confirms the owner. The secret is shown this once. */
    async startTotp(principal: SessionPrincipal, password: string, caller: Caller): Promise<{ secret: string; otpauthUri: string }> {
        const user = await this.confirmPassword(principal, password, caller, 'totp.enrol_failed');
        return this.totp.start(user.id, user.email ?? user.phone ?? user.id);
    }

    async confirmTotp(principal: SessionPrincipal, code: string, caller: Caller): Promise<void> {
        this.limit(`code:${caller.clientAddress}`, this.settings.limits.code);
        await this.totp.confirm(principal.userId, code);
        await this.audit.record({ event: 'totp.enrolled', actor: principal.userId, subject: principal.userId, clientAddress: caller.clientAddress });
    }

    /** Removal needs the password and a current authenticator code; the owner is told. */
    async removeTotp(principal: SessionPrincipal, password: string, code: string, caller: Caller): Promise<void> {
        const user = await this.confirmPassword(principal, password, caller, 'totp.remove_failed');
        if (!(await this.totp.enabled(user.id))) {
            throw new AppError('INVALID_STATE', 'no authenticator is enrolled');
        }
        if (!(await this.totp.check(user.id, code))) {
            await this.countFailure(`user:${user.id}`, user.id, 'totp.remove_failed', caller);
            throw new AppError('INVALID_CODE', 'the code is wrong', 'code');
        }
        await this.totp.remove(user.id);
        await this.notifyOwner(user, 'totp-removed', 'The authenticator app was removed from your Corridor account.');
        await this.audit.record({ event: 'totp.removed', actor: user.id, subject: user.id, clientAddress: caller.clientAddress });
    }

    private async confirmPassword(principal: SessionPrincipal, password: string, caller: Caller, event: string): Promise<UserRecord> {
        const user = await this.requireUser(principal.userId);
        const lockKey = `user:${user.id}`;
        await this.refuseIfLocked(lockKey);
        if (!(await this.hasher.verify(user.passwordHash, password))) {
            await this.countFailure(lockKey, user.id, event, caller);
            throw new AppError('INVALID_CREDENTIALS', 'the password is wrong', 'password');
        }
        return user;
    }

    /** Replaces all answers; the password confirms it is the owner at the keyboard. */
    async setSecurityAnswers(
        principal: SessionPrincipal,
        password: string,
        answers: SecurityAnswer[],
        caller: Caller,
    ): Promise<void> {
        const user = await this.requireUser(principal.userId);
        const lockKey = `user:${user.id}`;
        await this.refuseIfLocked(lockKey);
        if (!(await this.hasher.verify(user.passwordHash, password))) {
            await this.countFailure(lockKey, user.id, 'security_answers.change_failed', caller);
            throw new AppError('INVALID_CREDENTIALS', 'the password is wrong', 'password');
        }
        const hashed = [];
        for (const { questionId, answer } of answers) {
            if (SECURITY_QUESTIONS[questionId] === undefined) {
                throw new AppError('VALIDATION_FAILED', `unknown security question ${questionId}`, 'answers');
            }
            hashed.push({ questionId, answerHash: await this.hasher.hash(normaliseAnswer(answer)) });
        }
        await this.store.replaceSecurityAnswers(user.id, hashed);
        await this.notifyOwner(user, 'security-answers-changed', 'Your Corridor security questions were changed.');
        await this.audit.record({
            event: 'security_answers.set',
            actor: user.id,
            subject: user.id,
            clientAddress: caller.clientAddress,
            details: { questions: answers.map((a) => a.questionId).join(',') },
        });
    }

    /** True when every given answer matches the stored one for its question. */
    async checkSecurityAnswers(userId: string, answers: SecurityAnswer[]): Promise<boolean> {
        const stored = new Map((await this.store.getSecurityAnswers(userId)).map((a) => [a.questionId, a.answerHash]));
        let ok = answers.length > 0;
        for (const { questionId, answer } of answers) {
            const hash = stored.get(questionId);
            ok = (hash !== undefined && (await this.hasher.verify(hash, normaliseAnswer(answer)))) && ok;
        }
        return ok;
    }

    private async requireUser(userId: string): Promise<UserRecord> {
        const user = await this.store.findUserById(userId);
        if (user === undefined) {
            throw new AppError('UNAUTHENTICATED', 'the session has ended');
        }
        return user;
    }

    private limit(key: string, rule: { limit: number; windowSeconds: number }): void {
        if (!this.limiter.hit(key, rule)) {
            throw new AppError('RATE_LIMITED', `too many requests; try again in ${rule.windowSeconds} seconds`);
        }
    }

    private async refuseIfLocked(lockKey: string): Promise<void> {
        const { lockedUntil } = await this.store.getLoginFailures(lockKey);
        if (lockedUntil !== null && lockedUntil > this.clock.now().toISOString()) {
            throw new AppError('ACCOUNT_LOCKED', `too many failed attempts; try again after ${lockedUntil}`);
        }
    }

    private async countFailure(lockKey: string, userId: string | undefined, event: string, caller: Caller): Promise<void> {
        const now = this.clock.now();
        const previous = await this.store.getLoginFailures(lockKey);
        // A lock that has run out starts a fresh count.
        const base = previous.lockedUntil !== null && previous.lockedUntil <= now.toISOString() ? 0 : previous.failures;
        const failures = base + 1;
        const { maxFailures, lockSeconds } = this.settings.lockout;
        const lockedUntil = failures >= maxFailures ? new Date(now.getTime() + lockSeconds * 1000).toISOString() : null;
        await this.store.setLoginFailures(lockKey, { failures, lockedUntil });
        await this.audit.record({
            event,
            actor: userId ?? 'anonymous',
            ...(userId !== undefined ? { subject: userId } : {}),
            clientAddress: caller.clientAddress,
            details: { failures, locked: lockedUntil !== null },
        });
    }

    /** Stores a new password, ends the sessions (all but `keepSession`), tells the owner and records it. */
    private async replacePassword(
        user: UserRecord,
        newPassword: string,
        caller: Caller,
        change: { keepSession?: string; event: string; template: string; notice: string },
    ): Promise<number> {
        await this.store.updatePassword(user.id, await this.hasher.hash(newPassword), this.clock.now().toISOString());
        const ended = await this.sessions.revokeAll(user.id, change.keepSession);
        await this.notifyOwner(user, change.template, change.notice);
        await this.audit.record({ event: change.event, actor: user.id, subject: user.id, clientAddress: caller.clientAddress, details: { sessionsEnded: ended } });
        return ended;
    }

    private async notifyOwner(user: UserRecord, template: string, body: string): Promise<void> {
        const channel: Channel = user.emailVerified ? 'email' : 'sms';
        const recipient = channel === 'email' ? user.email : user.phone;
        if (recipient !== null) {
            await this.notifier.send({ channel, recipient, template, body });
        }
    }
}

/** The channel the user signed in with when it is verified, else the verified one. */
function secondFactorChannel(user: UserRecord, preferred: Channel): Channel {
    if (preferred === 'sms' && user.phoneVerified) return 'sms';
    if (preferred === 'email' && user.emailVerified) return 'email';
    return user.phoneVerified ? 'sms' : 'email';
}

/** Answers match regardless of case, surrounding and repeated spaces. */
function normaliseAnswer(answer: string): string {
    return answer.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}
