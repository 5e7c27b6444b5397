import nodemailer from 'nodemailer';
import type { Logger } from '../logger';
import type { Clock } from '../security/clock';
import type { OutboxMessage } from '../customers/customer-model';
import type { SmtpSettings } from '../customers/customer-settings';
import type { DeliveryStore } from './outbox-store';
import { OutboxDelivery, type ChannelTransport } from './outbox-delivery';

export interface Mail {
    from: string;
    to: string;
    subject: string;
    text: string;
}

/** The one thing the delivery needs from SMTP; nodemailer's transporter fits it. */
export interface MailTransport {
    sendMail(mail: Mail): Promise<unknown>;
    close(): void;
}

const SUBJECTS: Readonly<Record<string, string>> = {
    'register-code': 'Your Corridor verification code',
    'register-already-registered': 'Someone tried to register with your address',
    'login-code': 'Your Corridor sign-in code',
    'reset-password-code': 'Your Corridor password reset code',
    'bind-contact-code': 'Confirm your new Corridor email address',
    'contact-changed': 'Your Corridor contact details were changed',
    'contact-bound': 'A new contact was confirmed for your Corridor account',
    'password-changed': 'Your Corridor password was changed',
    'password-reset': 'Your Corridor password was reset',
    'security-answers-changed': 'Your Corridor security questions were changed',
    'security-answers-reset': 'Your Corridor security questions were reset',
    'totp-removed': 'An authenticator was removed from your Corridor account',
};

/** nodemailer over SMTP, with timeouts so a dead server fails a try instead of hanging it. */
export function smtpTransport(settings: SmtpSettings): MailTransport {
    return nodemailer.createTransport({
        host: settings.host,
        port: settings.port,
        secure: settings.secure,
        requireTLS: settings.requireTls,
        ...(settings.auth === undefined ? {} : { auth: { user: settings.auth.user, pass: settings.auth.pass } }),
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 20_000,
        // nodemailer's own logger would write addresses and message text.
        logger: false,
        debug: false,
        disableFileAccess: true,
        disableUrlAccess: true,
    });
}

/** Email over SMTP: one message a try, its subject from the template. */
export function smtpChannel(transport: MailTransport, from: string): ChannelTransport {
    return {
        channel: 'email',
        async send(message: OutboxMessage): Promise<void> {
            await transport.sendMail({ from, to: message.recipient, subject: subjectOf(message.template), text: message.body });
        },
        failureOf,
        permanent,
        close: () => { transport.close(); },
    };
}

/** The subject line of a template's mail; the dev mailbox shows the same. */
export function subjectOf(template: string): string {
    return SUBJECTS[template] ?? 'A message from Corridor';
}

/** The outbox's email, sent by SMTP with the outbox's retries (OutboxDelivery). */
export class SmtpDelivery extends OutboxDelivery {
    constructor(
        store: DeliveryStore,
        transport: MailTransport,
        settings: Pick<SmtpSettings, 'from' | 'maxAttempts' | 'retrySeconds'>,
        clock: Clock,
        logger: Logger,
    ) {
        super(store, smtpChannel(transport, settings.from), settings, clock, logger);
    }
}

/**
 * An error's code and SMTP reply code, such as `ECONNECTION` or `EENVELOPE 550`. Never the
 * server's text or the error message: those quote addresses.
 */
function failureOf(err: unknown): string {
    const { code, responseCode } = (err ?? {}) as { code?: unknown; responseCode?: unknown };
    const name = typeof code === 'string' && /^[A-Z_]{1,32}$/.test(code) ? code : 'ERROR';
    return typeof responseCode === 'number' ? `${name} ${responseCode}` : name;
}

/**
 * A 5xx reply refuses the message for good (no such mailbox, policy): trying again cannot
 * help. A refused login is the gateway's configuration, not the message, so it is retried.
 */
function permanent(err: unknown): boolean {
    const { code, responseCode } = (err ?? {}) as { code?: unknown; responseCode?: unknown };
    return code !== 'EAUTH' && typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600;
}
