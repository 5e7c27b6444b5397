import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { AuditRecord, ChainHead } from '../security/audit-log';
import type {
    Channel,
    CodeRecord,
    KycRecord,
    LoginFailures,
    OutboxDraft,
    OutboxMessage,
    OutboxStatus,
    PendingRegistration,
    SecurityAnswer,
    SessionRecord,
    SupportEvent,
    SupportRequest,
    UserRecord,
    UserRole,
    WalletKeyRecord,
    ContactChange,
    TotpRecord,
    LedgerAccountRecord,
} from './customer-model';
import type { CustomerStore } from './customer-store';
import type { PersonalDataVault } from './personal-data';
import { SEALED_COLUMNS, sealedContext } from './sealed-columns';
import { MIGRATIONS, type Migration } from './sqlite-migrations';

type Row = Record<string, unknown>;

/** Applies the migrations not yet recorded, each in its own transaction; returns the versions applied. */
export function migrate(db: Database.Database, vault: PersonalDataVault, migrations: readonly Migration[] = MIGRATIONS): number[] {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map((r) => r.version));
    const applied: number[] = [];
    for (const migration of migrations) {
        if (done.has(migration.version)) {
            continue;
        }
        // The pragma is ignored inside a transaction, so it is set around it.
        const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
        if (migration.rebuildsTables) {
            db.pragma('foreign_keys = OFF');
        }
        try {
            db.transaction(() => {
                db.exec(migration.sql);
                migration.transform?.(db, vault);
                if (migration.rebuildsTables && (db.pragma('foreign_key_check') as unknown[]).length > 0) {
                    throw new Error(`migration ${migration.version} left rows whose foreign keys point nowhere`);
                }
                db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
                    migration.version,
                    migration.name,
                    new Date().toISOString(),
                );
            })();
        } finally {
            db.pragma(`foreign_keys = ${foreignKeys === 1 ? 'ON' : 'OFF'}`);
        }
        applied.push(migration.version);
    }
    return applied;
}

/** What a database file holds under its keys; nothing for a file not yet created. */
export interface KeyedContent {
    /** Sealed values: the KEK that opens them must never be replaced by a new one. */
    sealed: number;
    /** Blind-indexed rows: likewise their index key. */
    indexed: number;
}

/** Reads, without migrating or needing a key, how much of a store depends on its keys. */
export function keyedContentOf(path: string): KeyedContent {
    if (path === ':memory:' || !existsSync(path)) {
        return { sealed: 0, indexed: 0 };
    }
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
        const has = (table: string, column: string): boolean =>
            (db.prepare('SELECT COUNT(*) AS n FROM pragma_table_info(?) WHERE name = ?').get(table, column) as { n: number }).n > 0;
        const count = (table: string, column: string): number =>
            has(table, column) ? (db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${column} IS NOT NULL`).get() as { n: number }).n : 0;
        return {
            sealed: SEALED_COLUMNS.reduce((sum, c) => sum + count(c.table, c.column), 0),
            indexed: BLIND_INDEX_COLUMNS.reduce((sum, [table, column]) => sum + count(table, column), 0),
        };
    } finally {
        db.close();
    }
}

const BLIND_INDEX_COLUMNS: ReadonlyArray<[table: string, column: string]> = [
    ['users', 'name_index'],
    ['outbox', 'recipient_index'],
    ['login_failures', 'key_index'],
];

/**
 * The customers store on SQLite (better-sqlite3): one file in the gateway's data dir.
 * Personal data is sealed and blind-indexed here, at the adapter: every use case reads
 * and writes clear records, and nothing personal reaches the file in clear.
 */
export class SqliteCustomerStore implements CustomerStore {
    readonly db: Database.Database;

    constructor(
        path: string,
        private readonly vault: PersonalDataVault,
    ) {
        this.db = new Database(path);
        this.db.pragma('journal_mode = WAL');
        this.db.pragma('foreign_keys = ON');
        this.db.pragma('busy_timeout = 5000');
        // Deleted and overwritten content is zeroed, so a clear value replaced by its envelope leaves no copy in a free page.
        this.db.pragma('secure_delete = ON');
        migrate(this.db, vault);
    }

    private seal(table: string, column: string, key: string | number, value: string): string {
        return this.vault.seal(value, sealedContext(table, column, key));
    }

    private sealNullable(table: string, column: string, key: string | number, value: string | null): string | null {
        return this.vault.sealNullable(value, sealedContext(table, column, key));
    }

    /** The clear value of a sealed column of this row; throws when the envelope belongs to another row. */
    private open(row: Row, table: string, column: string, key: string): string {
        return this.vault.open(row[column] as string, sealedContext(table, column, row[key] as string | number));
    }

    private openNullable(row: Row, table: string, column: string, key: string): string | null {
        return this.vault.openNullable(row[column] as string | null, sealedContext(table, column, row[key] as string | number));
    }

    close(): void {
        this.db.close();
    }

    async insertPendingRegistration(registration: PendingRegistration): Promise<void> {
        this.db
            .prepare('INSERT INTO pending_registrations (id, sealed_body, created_at) VALUES (?, ?, ?)')
            .run(registration.id, this.seal('pending_registrations', 'sealed_body', registration.id, JSON.stringify(registration)), registration.createdAt);
    }

    async getPendingRegistration(id: string): Promise<PendingRegistration | undefined> {
        const row = this.db.prepare('SELECT id, sealed_body FROM pending_registrations WHERE id = ?').get(id) as Row | undefined;
        return row === undefined ? undefined : (JSON.parse(this.open(row, 'pending_registrations', 'sealed_body', 'id')) as PendingRegistration);
    }

    async deletePendingRegistration(id: string): Promise<void> {
        this.db.prepare('DELETE FROM pending_registrations WHERE id = ?').run(id);
    }

    async insertUser(user: UserRecord): Promise<{ taken?: 'phone' | 'email' }> {
        try {
            this.db
                .prepare(
                    `INSERT INTO users (id, role, sealed_name, name_index, sealed_phone, phone_index, sealed_email, email_index,
                        phone_verified, email_verified, password_hash, agreements, created_at, updated_at)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
                )
                .run(
                    user.id,
                    user.role,
                    this.seal('users', 'sealed_name', user.id, user.name),
                    this.vault.blindIndex('name', user.name),
                    this.sealNullable('users', 'sealed_phone', user.id, user.phone),
                    this.vault.blindIndexNullable('phone', user.phone),
                    this.sealNullable('users', 'sealed_email', user.id, user.email),
                    this.vault.blindIndexNullable('email', user.email),
                    user.phoneVerified ? 1 : 0,
                    user.emailVerified ? 1 : 0,
                    user.passwordHash,
                    user.agreements === null ? null : JSON.stringify(user.agreements),
                    user.createdAt,
                    user.updatedAt,
                );
            return {};
        } catch (err) {
            const message = (err as Error).message;
            if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
                if (message.includes('users.phone_index')) {
                    return { taken: 'phone' };
                }
                if (message.includes('users.email_index')) {
                    return { taken: 'email' };
                }
            }
            throw err;
        }
    }

    async findUserById(id: string): Promise<UserRecord | undefined> {
        return this.toUser(this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as Row | undefined);
    }

    async findUserByContact(contact: { phone?: string; email?: string }): Promise<UserRecord | undefined> {
        if (contact.phone !== undefined) {
            return this.toUser(this.db.prepare('SELECT * FROM users WHERE phone_index = ?').get(this.vault.blindIndex('phone', contact.phone)) as Row | undefined);
        }
        if (contact.email !== undefined) {
            return this.toUser(this.db.prepare('SELECT * FROM users WHERE email_index = ?').get(this.vault.blindIndex('email', contact.email)) as Row | undefined);
        }
        return undefined;
    }

    async updatePassword(userId: string, passwordHash: string, at: string): Promise<void> {
        this.db.prepare('UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?').run(passwordHash, at, userId);
    }

    async updateRole(userId: string, role: UserRole, at: string): Promise<void> {
        this.db.prepare('UPDATE users SET role = ?, updated_at = ? WHERE id = ?').run(role, at, userId);
    }

    async updateContact(userId: string, channel: 'sms' | 'email', value: string, at: string): Promise<{ taken?: 'phone' | 'email' }> {
        const field = channel === 'sms' ? 'phone' : 'email';
        try {
            this.db
                .prepare(`UPDATE users SET sealed_${field} = ?, ${field}_index = ?, ${field}_verified = 1, updated_at = ? WHERE id = ?`)
                .run(this.seal('users', `sealed_${field}`, userId, value), this.vault.blindIndex(field, value), at, userId);
            return {};
        } catch (err) {
            if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
                return { taken: channel === 'sms' ? 'phone' : 'email' };
            }
            throw err;
        }
    }

    async saveTotpPending(userId: string, sealedSecret: string): Promise<void> {
        this.db
            .prepare(
                `INSERT INTO totp (user_id, sealed_secret, confirmed_at, last_step) VALUES (?, ?, NULL, 0)
                 ON CONFLICT(user_id) DO UPDATE SET sealed_secret = excluded.sealed_secret, confirmed_at = NULL, last_step = 0`,
            )
            .run(userId, sealedSecret);
    }

    async getTotp(userId: string): Promise<TotpRecord | undefined> {
        const row = this.db.prepare('SELECT * FROM totp WHERE user_id = ?').get(userId) as Row | undefined;
        if (row === undefined) {
            return undefined;
        }
        return {
            userId: row.user_id as string,
            sealedSecret: row.sealed_secret as string,
            confirmedAt: row.confirmed_at as string | null,
            lastStep: row.last_step as number,
        };
    }

    async confirmTotp(userId: string, at: string): Promise<void> {
        this.db.prepare('UPDATE totp SET confirmed_at = ? WHERE user_id = ?').run(at, userId);
    }

    async deleteTotp(userId: string): Promise<void> {
        this.db.prepare('DELETE FROM totp WHERE user_id = ?').run(userId);
    }

    async useTotpStep(userId: string, step: number): Promise<boolean> {
        return this.db.prepare('UPDATE totp SET last_step = ? WHERE user_id = ? AND last_step < ?').run(step, userId, step).changes === 1;
    }

    async insertContactChange(change: ContactChange): Promise<void> {
        this.db
            .prepare('INSERT INTO contact_changes (id, user_id, channel, sealed_value, created_at) VALUES (?, ?, ?, ?, ?)')
            .run(change.id, change.userId, change.channel, this.seal('contact_changes', 'sealed_value', change.id, change.value), change.createdAt);
    }

    async getContactChange(id: string): Promise<ContactChange | undefined> {
        const row = this.db.prepare('SELECT * FROM contact_changes WHERE id = ?').get(id) as Row | undefined;
        if (row === undefined) {
            return undefined;
        }
        return {
            id: row.id as string,
            userId: row.user_id as string,
            channel: row.channel as ContactChange['channel'],
            value: this.open(row, 'contact_changes', 'sealed_value', 'id'),
            createdAt: row.created_at as string,
        };
    }

    async insertCode(code: CodeRecord): Promise<void> {
        this.db
            .prepare(
                `INSERT INTO codes (id, purpose, user_id, code_hash, expires_at, attempts, consumed_at, created_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(code.id, code.purpose, code.userId, code.codeHash, code.expiresAt, code.attempts, code.consumedAt, code.createdAt);
    }

    async getCode(id: string): Promise<CodeRecord | undefined> {
        const row = this.db.prepare('SELECT * FROM codes WHERE id = ?').get(id) as Row | undefined;
        if (row === undefined) {
            return undefined;
        }
        return {
            id: row.id as string,
            purpose: row.purpose as CodeRecord['purpose'],
            userId: row.user_id as string | null,
            codeHash: row.code_hash as string,
            expiresAt: row.expires_at as string,
            attempts: row.attempts as number,
            consumedAt: row.consumed_at as string | null,
            createdAt: row.created_at as string,
        };
    }

    async countCodeAttempt(id: string): Promise<void> {
        this.db.prepare('UPDATE codes SET attempts = attempts + 1 WHERE id = ?').run(id);
    }

    async consumeCode(id: string, at: string): Promise<boolean> {
        return this.db.prepare('UPDATE codes SET consumed_at = ? WHERE id = ? AND consumed_at IS NULL').run(at, id).changes === 1;
    }

    async insertSession(session: SessionRecord): Promise<void> {
        this.db
            .prepare(
                `INSERT INTO sessions (id, user_id, token_hash, created_at, last_seen_at, expires_at, revoked_at, sealed_client_address)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
                session.id,
                session.userId,
                session.tokenHash,
                session.createdAt,
                session.lastSeenAt,
                session.expiresAt,
                session.revokedAt,
                this.seal('sessions', 'sealed_client_address', session.id, session.clientAddress),
            );
    }

    async findSessionByTokenHash(tokenHash: string): Promise<SessionRecord | undefined> {
        return this.toSession(this.db.prepare('SELECT * FROM sessions WHERE token_hash = ?').get(tokenHash) as Row | undefined);
    }

    async touchSession(id: string, at: string): Promise<void> {
        this.db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?').run(at, id);
    }

    async listActiveSessions(userId: string, at: string): Promise<SessionRecord[]> {
        const rows = this.db
            .prepare('SELECT * FROM sessions WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY created_at')
            .all(userId, at) as Row[];
        return rows.map((row) => this.toSession(row) as SessionRecord);
    }

    async revokeSession(userId: string, sessionId: string, at: string): Promise<boolean> {
        const result = this.db
            .prepare('UPDATE sessions SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL')
            .run(at, sessionId, userId);
        return result.changes === 1;
    }

    async revokeSessionsOfUser(userId: string, at: string, exceptSessionId?: string): Promise<number> {
        return this.db
            .prepare('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND id IS NOT ?')
            .run(at, userId, exceptSessionId ?? null).changes;
    }

    async getLoginFailures(key: string): Promise<LoginFailures> {
        const row = this.db.prepare('SELECT failures, locked_until FROM login_failures WHERE key_index = ?').get(this.vault.blindIndex('lock', key)) as Row | undefined;
        return { failures: (row?.failures as number | undefined) ?? 0, lockedUntil: (row?.locked_until as string | null | undefined) ?? null };
    }

    async setLoginFailures(key: string, failures: LoginFailures): Promise<void> {
        this.db
            .prepare(
                `INSERT INTO login_failures (key_index, failures, locked_until) VALUES (?, ?, ?)
                 ON CONFLICT(key_index) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until`,
            )
            .run(this.vault.blindIndex('lock', key), failures.failures, failures.lockedUntil);
    }

    async clearLoginFailures(key: string): Promise<void> {
        this.db.prepare('DELETE FROM login_failures WHERE key_index = ?').run(this.vault.blindIndex('lock', key));
    }

    async replaceSecurityAnswers(userId: string, answers: SecurityAnswer[]): Promise<void> {
        this.db.transaction(() => {
            this.db.prepare('DELETE FROM security_answers WHERE user_id = ?').run(userId);
            const insert = this.db.prepare('INSERT INTO security_answers (user_id, question_id, answer_hash) VALUES (?, ?, ?)');
            for (const answer of answers) {
                insert.run(userId, answer.questionId, answer.answerHash);
            }
        })();
    }

    async getSecurityAnswers(userId: string): Promise<SecurityAnswer[]> {
        const rows = this.db.prepare('SELECT question_id, answer_hash FROM security_answers WHERE user_id = ? ORDER BY question_id').all(userId) as Row[];
        return rows.map((row) => ({ questionId: row.question_id as string, answerHash: row.answer_hash as string }));
    }

    async insertOutbox(message: OutboxDraft): Promise<number> {
        // The envelopes are bound to the row id, which exists only once the row does.
        return this.db.transaction(() => {
            const id = Number(
                this.db
                    .prepare("INSERT INTO outbox (channel, sealed_recipient, recipient_index, template, sealed_body, created_at, status) VALUES (?, '', ?, ?, '', ?, 'queued')")
                    .run(message.channel, this.vault.blindIndex(message.channel === 'sms' ? 'phone' : 'email', message.recipient), message.template, message.createdAt)
                    .lastInsertRowid,
            );
            this.db
                .prepare('UPDATE outbox SET sealed_recipient = ?, sealed_body = ? WHERE id = ?')
                .run(this.seal('outbox', 'sealed_recipient', id, message.recipient), this.seal('outbox', 'sealed_body', id, message.body), id);
            return id;
        })();
    }

    async listOutbox(limit: number): Promise<OutboxMessage[]> {
        const rows = this.db.prepare('SELECT * FROM outbox ORDER BY id LIMIT ?').all(limit) as Row[];
        return rows.map((row) => this.outboxFromRow(row));
    }

    /** The newest message of a template to a recipient: what the dev network's tests read codes from. */
    newestOutboxTo(channel: Channel, recipient: string, template: string): OutboxMessage | undefined {
        const row = this.db
            .prepare('SELECT * FROM outbox WHERE recipient_index = ? AND template = ? ORDER BY id DESC LIMIT 1')
            .get(this.vault.blindIndex(channel === 'sms' ? 'phone' : 'email', recipient), template) as Row | undefined;
        return row === undefined ? undefined : this.outboxFromRow(row);
    }

    async listOutboxDue(channel: Channel, at: string, limit: number): Promise<OutboxMessage[]> {
        const rows = this.db
            .prepare(
                `SELECT * FROM outbox WHERE channel = ?
                   AND (status = 'queued' OR (status = 'failed' AND next_attempt_at IS NOT NULL AND next_attempt_at <= ?))
                 ORDER BY id LIMIT ?`,
            )
            .all(channel, at, limit) as Row[];
        return rows.map((row) => this.outboxFromRow(row));
    }

    async markOutboxSent(id: number, attempts: number, at: string): Promise<void> {
        this.db
            .prepare("UPDATE outbox SET status = 'sent', attempts = ?, sent_at = ?, next_attempt_at = NULL, last_error = NULL WHERE id = ?")
            .run(attempts, at, id);
    }

    async markOutboxFailed(id: number, attempts: number, error: string, nextAttemptAt: string | null): Promise<void> {
        this.db
            .prepare("UPDATE outbox SET status = 'failed', attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?")
            .run(attempts, error, nextAttemptAt, id);
    }

    async appendAudit(build: (head: ChainHead | undefined) => AuditRecord): Promise<AuditRecord> {
        // IMMEDIATE takes the write lock before reading the head, so two processes cannot fork the chain.
        return this.db
            .transaction(() => {
                const head = this.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as ChainHead | undefined;
                const record = build(head);
                this.db
                    .prepare(
                        `INSERT INTO audit_log (seq, at, event, actor, subject, client_address, details, prev_hash, hash)
                         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
                    )
                    .run(
                        record.seq,
                        record.at,
                        record.event,
                        record.actor,
                        record.subject ?? null,
                        record.clientAddress ?? null,
                        record.details === undefined ? null : JSON.stringify(record.details),
                        record.prevHash,
                        record.hash,
                    );
                return record;
            })
            .immediate();
    }

    async readAudit(afterSeq: number, limit: number): Promise<AuditRecord[]> {
        const rows = this.db.prepare('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?').all(afterSeq, limit) as Row[];
        return rows.map((row) => {
            const record: AuditRecord = {
                seq: row.seq as number,
                at: row.at as string,
                event: row.event as string,
                actor: row.actor as string,
                prevHash: row.prev_hash as string,
                hash: row.hash as string,
            };
            if (row.subject !== null) record.subject = row.subject as string;
            if (row.client_address !== null) record.clientAddress = row.client_address as string;
            if (row.details !== null) record.details = JSON.parse(row.details as string) as AuditRecord['details'];
            return record;
        });
    }

    async insertSupportRequest(request: SupportRequest): Promise<void> {
        this.db
            .prepare(
                `INSERT INTO support_requests (id, user_id, kind, status, sealed_message, opened_at, verified_by, verification_method, resolved_by, resolved_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
                request.id,
                request.userId,
                request.kind,
                request.status,
                this.seal('support_requests', 'sealed_message', request.id, request.message),
                request.openedAt,
                request.verifiedBy,
                request.verificationMethod,
                request.resolvedBy,
                request.resolvedAt,
            );
    }

    async getSupportRequest(id: string): Promise<SupportRequest | undefined> {
        return this.toSupportRequest(this.db.prepare('SELECT * FROM support_requests WHERE id = ?').get(id) as Row | undefined);
    }

    async listSupportRequests(status: SupportRequest['status'], limit: number): Promise<SupportRequest[]> {
        const rows = this.db.prepare('SELECT * FROM support_requests WHERE status = ? ORDER BY opened_at LIMIT ?').all(status, limit) as Row[];
        return rows.map((row) => this.toSupportRequest(row) as SupportRequest);
    }

    async updateSupportRequest(request: SupportRequest): Promise<void> {
        this.db
            .prepare(
                `UPDATE support_requests SET status = ?, verified_by = ?, verification_method = ?, resolved_by = ?, resolved_at = ?
                 WHERE id = ?`,
            )
            .run(request.status, request.verifiedBy, request.verificationMethod, request.resolvedBy, request.resolvedAt, request.id);
    }

    async insertSupportEvent(event: SupportEvent): Promise<void> {
        this.db.transaction(() => {
            const seq = this.db
                .prepare("INSERT INTO support_events (request_id, at, actor, action, sealed_note) VALUES (?, ?, ?, ?, '')")
                .run(event.requestId, event.at, event.actor, event.action).lastInsertRowid;
            this.db.prepare('UPDATE support_events SET sealed_note = ? WHERE seq = ?').run(this.seal('support_events', 'sealed_note', Number(seq), event.note), seq);
        })();
    }

    async listSupportEvents(requestId: string): Promise<SupportEvent[]> {
        const rows = this.db.prepare('SELECT * FROM support_events WHERE request_id = ? ORDER BY seq').all(requestId) as Row[];
        return rows.map((row) => ({
            requestId: row.request_id as string,
            at: row.at as string,
            actor: row.actor as string,
            action: row.action as string,
            note: this.open(row, 'support_events', 'sealed_note', 'seq'),
        }));
    }

    async upsertKycSubmission(record: KycRecord): Promise<void> {
        this.db
            .prepare(
                `INSERT INTO kyc (user_id, status, identity, submitted_at, reviewed_by, reviewed_at, sealed_reason, tier, high_risk, next_review_at)
                 VALUES (@userId, @status, @identity, @submittedAt, @reviewedBy, @reviewedAt, @reason, @tier, @highRisk, @nextReviewAt)
                 ON CONFLICT(user_id) DO UPDATE SET status = excluded.status, identity = excluded.identity,
                   submitted_at = excluded.submitted_at, sealed_reason = NULL`,
            )
            .run({ ...record, reason: this.sealNullable('kyc', 'sealed_reason', record.userId, record.reason), highRisk: record.highRisk ? 1 : 0 });
    }

    async getKyc(userId: string): Promise<KycRecord | undefined> {
        return this.toKyc(this.db.prepare('SELECT * FROM kyc WHERE user_id = ?').get(userId) as Row | undefined);
    }

    async updateKycDecision(record: KycRecord): Promise<void> {
        this.db
            .prepare(
                `UPDATE kyc SET status = ?, reviewed_by = ?, reviewed_at = ?, sealed_reason = ?, tier = ?, high_risk = ?, next_review_at = ?
                 WHERE user_id = ?`,
            )
            .run(record.status, record.reviewedBy, record.reviewedAt, this.sealNullable('kyc', 'sealed_reason', record.userId, record.reason), record.tier, record.highRisk ? 1 : 0, record.nextReviewAt, record.userId);
    }

    async listKycByStatus(status: KycRecord['status'], limit: number): Promise<KycRecord[]> {
        const rows = this.db.prepare('SELECT * FROM kyc WHERE status = ? ORDER BY submitted_at LIMIT ?').all(status, limit) as Row[];
        return rows.map((row) => this.toKyc(row) as KycRecord);
    }

    async listKycDueForReview(asOf: string, limit: number): Promise<KycRecord[]> {
        const rows = this.db
            .prepare("SELECT * FROM kyc WHERE status = 'approved' AND next_review_at <= ? ORDER BY next_review_at LIMIT ?")
            .all(asOf, limit) as Row[];
        return rows.map((row) => this.toKyc(row) as KycRecord);
    }

    async countKyc(): Promise<number> {
        return (this.db.prepare('SELECT COUNT(*) AS n FROM kyc').get() as { n: number }).n;
    }

    async insertWalletKey(record: WalletKeyRecord): Promise<boolean> {
        const result = this.db
            .prepare(
                `INSERT INTO wallet_keys (user_id, mode, algorithm, public_key, sealed_private_key, created_at)
                 VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(user_id) DO NOTHING`,
            )
            .run(record.userId, record.mode, record.algorithm, record.publicKey, record.sealedPrivateKey, record.createdAt);
        return result.changes === 1;
    }

    async insertLedgerAccount(record: LedgerAccountRecord): Promise<boolean> {
        const result = this.db
            .prepare(
                `INSERT INTO ledger_accounts (user_id, address, holder_ref, opened_at, tx_id)
                 VALUES (?, ?, ?, ?, ?) ON CONFLICT(user_id) DO NOTHING`,
            )
            .run(record.userId, record.address, record.holderRef, record.openedAt, record.txId);
        return result.changes === 1;
    }

    async getLedgerAccount(userId: string): Promise<LedgerAccountRecord | undefined> {
        const row = this.db.prepare('SELECT * FROM ledger_accounts WHERE user_id = ?').get(userId) as Row | undefined;
        return row === undefined
            ? undefined
            : { userId: row.user_id as string, address: row.address as string, holderRef: row.holder_ref as string, openedAt: row.opened_at as string, txId: row.tx_id as string };
    }

    async getWalletKey(userId: string): Promise<WalletKeyRecord | undefined> {
        const row = this.db.prepare('SELECT * FROM wallet_keys WHERE user_id = ?').get(userId) as Row | undefined;
        if (row === undefined) {
            return undefined;
        }
        return {
            userId: row.user_id as string,
            mode: row.mode as WalletKeyRecord['mode'],
            algorithm: row.algorithm as WalletKeyRecord['algorithm'],
            publicKey: row.public_key as string,
            sealedPrivateKey: row.sealed_private_key as string | null,
            createdAt: row.created_at as string,
        };
    }

    async rewrapSealed(rewrap: (sealed: string, context: string) => string): Promise<number> {
        return this.db
            .transaction(() => {
                let count = 0;
                for (const { table, key, column, prefix } of SEALED_COLUMNS) {
                    const rows = this.db.prepare(`SELECT ${key} AS k, ${column} AS v FROM ${table} WHERE ${column} IS NOT NULL`).all() as Row[];
                    const update = this.db.prepare(`UPDATE ${table} SET ${column} = ? WHERE ${key} = ?`);
                    for (const row of rows) {
                        update.run(rewrap(row.v as string, `${prefix}:${String(row.k)}`), row.k);
                        count += 1;
                    }
                }
                return count;
            })
            .immediate();
    }

    /** Ledger addresses of this bank's customers whose name is this one, compared as contact-rules' canonicalName does. */
    async ledgerAddressesNamed(name: string, limit: number): Promise<string[]> {
        const rows = this.db
            .prepare(
                `SELECT a.address FROM users u JOIN ledger_accounts a ON a.user_id = u.id
                 WHERE u.name_index = ? AND u.role = 'customer' ORDER BY a.address LIMIT ?`,
            )
            .all(this.vault.blindIndex('name', name), limit) as Array<{ address: string }>;
        return rows.map((row) => row.address);
    }

    private toUser(row: Row | undefined): UserRecord | undefined {
        if (row === undefined) {
            return undefined;
        }
        return {
            id: row.id as string,
            role: row.role as UserRole,
            name: this.open(row, 'users', 'sealed_name', 'id'),
            phone: this.openNullable(row, 'users', 'sealed_phone', 'id'),
            email: this.openNullable(row, 'users', 'sealed_email', 'id'),
            phoneVerified: row.phone_verified === 1,
            emailVerified: row.email_verified === 1,
            passwordHash: row.password_hash as string,
            agreements: row.agreements === null ? null : (JSON.parse(row.agreements as string) as UserRecord['agreements']),
            createdAt: row.created_at as string,
            updatedAt: row.updated_at as string,
        };
    }

    private toSession(row: Row | undefined): SessionRecord | undefined {
        if (row === undefined) {
            return undefined;
        }
        return {
            id: row.id as string,
            userId: row.user_id as string,
            tokenHash: row.token_hash as string,
            createdAt: row.created_at as string,
            lastSeenAt: row.last_seen_at as string,
            expiresAt: row.expires_at as string,
            revokedAt: row.revoked_at as string | null,
            clientAddress: this.open(row, 'sessions', 'sealed_client_address', 'id'),
        };
    }

    private toSupportRequest(row: Row | undefined): SupportRequest | undefined {
        if (row === undefined) {
            return undefined;
        }
        return {
            id: row.id as string,
            userId: row.user_id as string,
            kind: row.kind as SupportRequest['kind'],
            status: row.status as SupportRequest['status'],
            message: this.open(row, 'support_requests', 'sealed_message', 'id'),
            openedAt: row.opened_at as string,
            verifiedBy: row.verified_by as string | null,
            verificationMethod: row.verification_method as string | null,
            resolvedBy: row.resolved_by as string | null,
            resolvedAt: row.resolved_at as string | null,
        };
    }

    private toKyc(row: Row | undefined): KycRecord | undefined {
        if (row === undefined) {
            return undefined;
        }
        return {
            userId: row.user_id as string,
            status: row.status as KycRecord['status'],
            identity: row.identity as string,
            submittedAt: row.submitted_at as string,
            reviewedBy: row.reviewed_by as string | null,
            reviewedAt: row.reviewed_at as string | null,
            reason: this.openNullable(row, 'kyc', 'sealed_reason', 'user_id'),
            tier: row.tier as number | null,
            highRisk: row.high_risk === 1,
            nextReviewAt: row.next_review_at as string | null,
        };
    }

    private outboxFromRow(row: Row): OutboxMessage {
        return {
            id: row.id as number,
            channel: row.channel as OutboxMessage['channel'],
            recipient: this.open(row, 'outbox', 'sealed_recipient', 'id'),
            template: row.template as string,
            body: this.open(row, 'outbox', 'sealed_body', 'id'),
            createdAt: row.created_at as string,
            status: row.status as OutboxStatus,
            attempts: row.attempts as number,
            sentAt: (row.sent_at as string | null) ?? null,
            nextAttemptAt: (row.next_attempt_at as string | null) ?? null,
            lastError: (row.last_error as string | null) ?? null,
        };
    }
}
