import nodemailer from 'nodemailer';
import type { Logger } from '../logger';
import type { Clock } from '../security/clock';
import type { Channel, OutboxMessage } from '../customers/customer-model';
import type { SmtpSettings } from '../customers/customer-settings';
import type { DeliveryStore } from './outbox-store';
import type { OutboxSender } from './notifier';

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

export interface SweepResult {
    sent: number;
    failed: number;
}

/** Messages fetched per query; a sweep goes on while batches come back full, up to MAX_BATCHES. */
const BATCH = 100;
const MAX_BATCHES = 10;
const MAX_BACKOFF_SECONDS = 6 * 60 * 60;

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

/**
 * Sends the outbox's email by SMTP. Each message is marked sent, or failed with its try
 * count and the time of its next try; after the last try, or on a permanent (5xx) refusal,
 * it stays failed in the outbox with no next try. A message is never removed, so none is
 * lost. Sweeps run one at a time in this process: one gateway process owns the outbox.
 */
export class SmtpDelivery implements OutboxSender {
    readonly channel: Channel = 'email';
    private tail: Promise<unknown> = Promise.resolve();
    private sweepPending = false;
    private timer: NodeJS.Timeout | undefined;

    constructor(
        private readonly store: DeliveryStore,
        private readonly transport: MailTransport,
        private readonly settings: Pick<SmtpSettings, 'from' | 'maxAttempts' | 'retrySeconds'>,
        private readonly clock: Clock,
        private readonly logger: Logger,
    ) {}

    /** Starts a sweep after the running one, unless one is already waiting; returns at once. */
    kick(): void {
        if (this.sweepPending) {
            return;
        }
        this.sweepPending = true;
        void this.sweep();
    }

    /** Runs a sweep after the running one and tells what it did. */
    sweep(): Promise<SweepResult> {
        const run = this.tail.then(() => {
            this.sweepPending = false;
            return this.sendDue();
        });
        this.tail = run.catch((err: unknown) => {
            // A store failure: the messages stay due and the next sweep takes them.
            this.logger.error('outbox sweep failed', { error: failureOf(err) });
        });
        return run;
    }

    /** Resolves when every sweep started so far has finished. */
    async idle(): Promise<void> {
        await this.tail;
    }

    /** Sweeps now, then every retrySeconds even when no new message arrives; never keeps the process alive. */
    startRetrying(): void {
        if (this.timer === undefined) {
            this.timer = setInterval(() => { this.kick(); }, this.settings.retrySeconds * 1000).unref();
            this.kick();
        }
    }

    async close(): Promise<void> {
        clearInterval(this.timer);
        this.timer = undefined;
        await this.idle();
        this.transport.close();
    }

    private async sendDue(): Promise<SweepResult> {
        const result: SweepResult = { sent: 0, failed: 0 };
        for (let batch = 0; batch < MAX_BATCHES; batch += 1) {
            const due = await this.store.listOutboxDue('email', this.clock.now().toISOString(), BATCH);
            for (const message of due) {
                if (await this.deliver(message)) {
                    result.sent += 1;
                } else {
                    result.failed += 1;
                }
            }
            if (due.length < BATCH) {
                break;
            }
        }
        return result;
    }

    private async deliver(message: OutboxMessage): Promise<boolean> {
        const attempts = message.attempts + 1;
        try {
            await this.transport.sendMail({
                from: this.settings.from,
                to: message.recipient,
                subject: SUBJECTS[message.template] ?? 'A message from Corridor',
                text: message.body,
            });
        } catch (err) {
            const error = failureOf(err);
            const retryAt = permanent(err) || attempts >= this.settings.maxAttempts ? null : this.retryAt(attempts);
            await this.store.markOutboxFailed(message.id, attempts, error, retryAt);
            this.logger.warn('notification delivery failed', { outboxId: message.id, template: message.template, attempts, error, retryAt });
            return false;
        }
        await this.store.markOutboxSent(message.id, attempts, this.clock.now().toISOString());
        this.logger.info('notification sent', { outboxId: message.id, template: message.template, attempts });
        return true;
    }

    private retryAt(attempts: number): string {
        const seconds = Math.min(this.settings.retrySeconds * 2 ** (attempts - 1), MAX_BACKOFF_SECONDS);
        return new Date(this.clock.now().getTime() + seconds * 1000).toISOString();
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
