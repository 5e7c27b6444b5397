import type { AuditRecord, ChainHead } from '../security/audit-log';
import { migrate } from '../sql/migrations';
import { openSqlDriver } from '../sql/open-driver';
import { int, str, strOrNull, UniqueViolation, type SqlDriver, type SqlExecutor, type SqlRow, type SqlValue } from '../sql/sql-driver';
import { MIGRATIONS } from './customer-migrations';
import type {
    Channel,
    CodeRecord,
    ContactChange,
    KycRecord,
    LedgerAccountRecord,
    LoginFailures,
    OutboxDraft,
    OutboxMessage,
    OutboxStatus,
    PendingRegistration,
    SecurityAnswer,
    SessionRecord,
    SupportEvent,
    SupportRequest,
    TotpRecord,
    UserRecord,
    UserRole,
    WalletKeyRecord,
} from './customer-model';
import type { CustomerStore } from './customer-store';
import type { TopUpRecord, TopUpStatus } from '../selfservice/top-up-store';
import type { PersonalDataVault } from './personal-data';
import { SEALED_COLUMNS, sealedContext } from './sealed-columns';

/**
 * What a SQLite customers file needs: a writer waits for another process (a tool run
 * beside the gateway) instead of failing; deleted and overwritten content is zeroed, so a
 * clear value replaced by its envelope leaves no copy in a free page.
 */
const SQLITE_PRAGMAS = ['busy_timeout = 5000', 'secure_delete = ON'];

/** The customers database at a location: a PostgreSQL URL, else a SQLite file path. Not migrated yet. */
export function openCustomerDatabase(location: string): SqlDriver {
    return openSqlDriver(location, SQLITE_PRAGMAS);
}

/** What a database holds under its keys; nothing for one not yet created. */
export interface KeyedContent {
    /** Sealed values: the KEK that opens them must never be replaced by a new one. */
    sealed: number;
    /** Blind-indexed rows: likewise their index key. */
    indexed: number;
}

const BLIND_INDEX_COLUMNS: readonly [table: string, column: string][] = [
    ['users', 'name_index'],
    ['outbox', 'recipient_index'],
    ['login_failures', 'key_index'],
];

/** Reads, without migrating or needing a key, how much of a store depends on its keys. */
export async function keyedContentOf(db: SqlDriver): Promise<KeyedContent> {
    const columnQuery =
        db.dialect === 'sqlite'
            ? 'SELECT COUNT(*) AS n FROM pragma_table_info(?) WHERE name = ?'
            : 'SELECT COUNT(*) AS n FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? AND column_name = ?';
    const count = async (table: string, column: string): Promise<number> => {
        const [has] = await db.all(columnQuery, [table, column]);
        if (int(has?.n) === 0) {
            return 0;
        }
        const [rows] = await db.all(`SELECT COUNT(*) AS n FROM ${table} WHERE ${column} IS NOT NULL`);
        return int(rows?.n);
    };
    let sealed = 0;
    for (const c of SEALED_COLUMNS) {
        sealed += await count(c.table, c.column);
    }
    let indexed = 0;
    for (const [table, column] of BLIND_INDEX_COLUMNS) {
        indexed += await count(table, column);
    }
    return { sealed, indexed };
}

/**
 * The customers store in SQL, over any driver (SQLite embedded, PostgreSQL). Personal
 * data is sealed and blind-indexed here, above the driver: every use case reads and
 * writes clear records, and nothing personal reaches either database in clear.
 */
export class SqlCustomerStore implements CustomerStore {
    private constructor(
        readonly db: SqlDriver,
        private readonly vault: PersonalDataVault,
    ) {}

    /** Migrates the database to the current schema (sealing needs the vault) and opens the store on it. */
    static async open(db: SqlDriver, vault: PersonalDataVault): Promise<SqlCustomerStore> {
        try {
            await migrate(db, 'schema_migrations', MIGRATIONS, vault);
        } catch (err) {
            await db.close();
            throw err;
        }
        return new SqlCustomerStore(db, vault);
    }

    private seal(table: string, column: string, key: string | number, value: string): string {
        return this.vault.seal(value, sealedContext(table, column, key));
    }

    private sealNullable(table: string, column: string, key: string | number, value: string | null): string | null {
        return this.vault.sealNullable(value, sealedContext(table, column, key));
    }

    /** The clear value of a sealed column of this row; throws when the envelope belongs to another row. */
    private open(row: SqlRow, table: string, column: string, key: string): string {
        return this.vault.open(str(row[column]), sealedContext(table, column, row[key] as string | bigint));
    }

    private openNullable(row: SqlRow, table: string, column: string, key: string): string | null {
        return this.vault.openNullable(strOrNull(row[column]), sealedContext(table, column, row[key] as string | bigint));
    }

    /** The first row of a query, mapped; undefined when there is none. */
    private async first<T>(sql: string, params: readonly SqlValue[], map: (row: SqlRow) => T): Promise<T | undefined> {
        const [row] = await this.db.all(sql, params);
        return row === undefined ? undefined : map(row);
    }

    close(): Promise<void> {
        return this.db.close();
    }

    async insertPendingRegistration(registration: PendingRegistration): Promise<void> {
        await this.db.run('INSERT INTO pending_registrations (id, sealed_body, created_at) VALUES (?, ?, ?)', [
            registration.id,
            this.seal('pending_registrations', 'sealed_body', registration.id, JSON.stringify(registration)),
            registration.createdAt,
        ]);
    }

    async getPendingRegistration(id: string): Promise<PendingRegistration | undefined> {
        return this.first(
            'SELECT id, sealed_body FROM pending_registrations WHERE id = ?',
            [id],
            (row) => JSON.parse(this.open(row, 'pending_registrations', 'sealed_body', 'id')) as PendingRegistration,
        );
    }

    async deletePendingRegistration(id: string): Promise<void> {
        await this.db.run('DELETE FROM pending_registrations WHERE id = ?', [id]);
    }

    async insertUser(user: UserRecord): Promise<{ taken?: 'phone' | 'email' }> {
        try {
            await this.db.run(
                `INSERT INTO users (id, role, sealed_name, name_index, sealed_phone, phone_index, sealed_email, email_index,
                    phone_verified, email_verified, password_hash, agreements, created_at, updated_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
                [
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
                ],
            );
            return {};
        } catch (err) {
            if (err instanceof UniqueViolation) {
                if (err.columns.includes('phone_index')) {
                    return { taken: 'phone' };
                }
                if (err.columns.includes('email_index')) {
                    return { taken: 'email' };
                }
            }
            throw err;
        }
    }

    async findUserById(id: string): Promise<UserRecord | undefined> {
        return this.first('SELECT * FROM users WHERE id = ?', [id], (row) => this.toUser(row));
    }

    async findUserByContact(contact: { phone?: string; email?: string }): Promise<UserRecord | undefined> {
        if (contact.phone !== undefined) {
            return this.first('SELECT * FROM users WHERE phone_index = ?', [this.vault.blindIndex('phone', contact.phone)], (row) => this.toUser(row));
        }
        if (contact.email !== undefined) {
            return this.first('SELECT * FROM users WHERE email_index = ?', [this.vault.blindIndex('email', contact.email)], (row) => this.toUser(row));
        }
        return undefined;
    }

    async updatePassword(userId: string, passwordHash: string, at: string): Promise<void> {
        await this.db.run('UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?', [passwordHash, at, userId]);
    }

    async updateRole(userId: string, role: UserRole, at: string): Promise<void> {
        await this.db.run('UPDATE users SET role = ?, updated_at = ? WHERE id = ?', [role, at, userId]);
    }

    async updateContact(userId: string, channel: 'sms' | 'email', value: string, at: string): Promise<{ taken?: 'phone' | 'email' }> {
        const field = channel === 'sms' ? 'phone' : 'email';
        try {
            await this.db.run(`UPDATE users SET sealed_${field} = ?, ${field}_index = ?, ${field}_verified = 1, updated_at = ? WHERE id = ?`, [
                this.seal('users', `sealed_${field}`, userId, value),
                this.vault.blindIndex(field, value),
                at,
                userId,
            ]);
            return {};
        } catch (err) {
            if (err instanceof UniqueViolation) {
                return { taken: field };
            }
            throw err;
        }
    }

    async saveTotpPending(userId: string, sealedSecret: string): Promise<void> {
        await this.db.run(
            `INSERT INTO totp (user_id, sealed_secret, confirmed_at, last_step) VALUES (?, ?, NULL, 0)
             ON CONFLICT(user_id) DO UPDATE SET sealed_secret = excluded.sealed_secret, confirmed_at = NULL, last_step = 0`,
            [userId, sealedSecret],
        );
    }

    async getTotp(userId: string): Promise<TotpRecord | undefined> {
        return this.first('SELECT * FROM totp WHERE user_id = ?', [userId], (row) => ({
            userId: str(row.user_id),
            sealedSecret: str(row.sealed_secret),
            confirmedAt: strOrNull(row.confirmed_at),
            lastStep: int(row.last_step),
        }));
    }

    async confirmTotp(userId: string, at: string): Promise<void> {
        await this.db.run('UPDATE totp SET confirmed_at = ? WHERE user_id = ?', [at, userId]);
    }

    async deleteTotp(userId: string): Promise<void> {
        await this.db.run('DELETE FROM totp WHERE user_id = ?', [userId]);
    }

    async useTotpStep(userId: string, step: number): Promise<boolean> {
        return (await this.db.run('UPDATE totp SET last_step = ? WHERE user_id = ? AND last_step < ?', [step, userId, step])) === 1;
    }

    async insertContactChange(change: ContactChange): Promise<void> {
        await this.db.run('INSERT INTO contact_changes (id, user_id, channel, sealed_value, created_at) VALUES (?, ?, ?, ?, ?)', [
            change.id,
            change.userId,
            change.channel,
            this.seal('contact_changes', 'sealed_value', change.id, change.value),
            change.createdAt,
        ]);
    }

    async getContactChange(id: string): Promise<ContactChange | undefined> {
        return this.first('SELECT * FROM contact_changes WHERE id = ?', [id], (row) => ({
            id: str(row.id),
            userId: str(row.user_id),
            channel: str(row.channel) as ContactChange['channel'],
            value: this.open(row, 'contact_changes', 'sealed_value', 'id'),
            createdAt: str(row.created_at),
        }));
    }

    async insertCode(code: CodeRecord): Promise<void> {
        await this.db.run(
            `INSERT INTO codes (id, purpose, user_id, code_hash, expires_at, attempts, consumed_at, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
            [code.id, code.purpose, code.userId, code.codeHash, code.expiresAt, code.attempts, code.consumedAt, code.createdAt],
        );
    }

    async getCode(id: string): Promise<CodeRecord | undefined> {
        return this.first('SELECT * FROM codes WHERE id = ?', [id], (row) => ({
            id: str(row.id),
            purpose: str(row.purpose) as CodeRecord['purpose'],
            userId: strOrNull(row.user_id),
            codeHash: str(row.code_hash),
            expiresAt: str(row.expires_at),
            attempts: int(row.attempts),
            consumedAt: strOrNull(row.consumed_at),
            createdAt: str(row.created_at),
        }));
    }

    async countCodeAttempt(id: string): Promise<void> {
        await this.db.run('UPDATE codes SET attempts = attempts + 1 WHERE id = ?', [id]);
    }

    async consumeCode(id: string, at: string): Promise<boolean> {
        return (await this.db.run('UPDATE codes SET consumed_at = ? WHERE id = ? AND consumed_at IS NULL', [at, id])) === 1;
    }

    async insertSession(session: SessionRecord): Promise<void> {
        await this.db.run(
            `INSERT INTO sessions (id, user_id, token_hash, created_at, last_seen_at, expires_at, revoked_at, sealed_client_address)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
            [
                session.id,
                session.userId,
                session.tokenHash,
                session.createdAt,
                session.lastSeenAt,
                session.expiresAt,
                session.revokedAt,
                this.seal('sessions', 'sealed_client_address', session.id, session.clientAddress),
            ],
        );
    }

    async findSessionByTokenHash(tokenHash: string): Promise<SessionRecord | undefined> {
        return this.first('SELECT * FROM sessions WHERE token_hash = ?', [tokenHash], (row) => this.toSession(row));
    }

    async touchSession(id: string, at: string): Promise<void> {
        await this.db.run('UPDATE sessions SET last_seen_at = ? WHERE id = ?', [at, id]);
    }

    async listActiveSessions(userId: string, at: string): Promise<SessionRecord[]> {
        const rows = await this.db.all('SELECT * FROM sessions WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY created_at', [userId, at]);
        return rows.map((row) => this.toSession(row));
    }

    async revokeSession(userId: string, sessionId: string, at: string): Promise<boolean> {
        return (await this.db.run('UPDATE sessions SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL', [at, sessionId, userId])) === 1;
    }

    async revokeSessionsOfUser(userId: string, at: string, exceptSessionId?: string): Promise<number> {
        const sql = 'UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL';
        return exceptSessionId === undefined ? this.db.run(sql, [at, userId]) : this.db.run(`${sql} AND id <> ?`, [at, userId, exceptSessionId]);
    }

    async getLoginFailures(key: string): Promise<LoginFailures> {
        const found = await this.first('SELECT failures, locked_until FROM login_failures WHERE key_index = ?', [this.vault.blindIndex('lock', key)], (row) => ({
            failures: int(row.failures),
            lockedUntil: strOrNull(row.locked_until),
        }));
        return found ?? { failures: 0, lockedUntil: null };
    }

    async setLoginFailures(key: string, failures: LoginFailures): Promise<void> {
        await this.db.run(
            `INSERT INTO login_failures (key_index, failures, locked_until) VALUES (?, ?, ?)
             ON CONFLICT(key_index) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until`,
            [this.vault.blindIndex('lock', key), failures.failures, failures.lockedUntil],
        );
    }

    async clearLoginFailures(key: string): Promise<void> {
        await this.db.run('DELETE FROM login_failures WHERE key_index = ?', [this.vault.blindIndex('lock', key)]);
    }

    async replaceSecurityAnswers(userId: string, answers: SecurityAnswer[]): Promise<void> {
        await this.db.transaction(async (tx) => {
            await tx.run('DELETE FROM security_answers WHERE user_id = ?', [userId]);
            for (const answer of answers) {
                await tx.run('INSERT INTO security_answers (user_id, question_id, answer_hash) VALUES (?, ?, ?)', [userId, answer.questionId, answer.answerHash]);
            }
        });
    }

    async getSecurityAnswers(userId: string): Promise<SecurityAnswer[]> {
        const rows = await this.db.all('SELECT question_id, answer_hash FROM security_answers WHERE user_id = ? ORDER BY question_id', [userId]);
        return rows.map((row) => ({ questionId: str(row.question_id), answerHash: str(row.answer_hash) }));
    }

    async insertOutbox(message: OutboxDraft): Promise<number> {
        // The envelopes are bound to the row id, which exists only once the row does.
        return this.db.transaction(async (tx) => {
            const id = await insertedId(
                tx,
                "INSERT INTO outbox (channel, sealed_recipient, recipient_index, template, sealed_body, created_at, status) VALUES (?, '', ?, ?, '', ?, 'queued') RETURNING id",
                [message.channel, this.vault.blindIndex(message.channel === 'sms' ? 'phone' : 'email', message.recipient), message.template, message.createdAt],
            );
            await tx.run('UPDATE outbox SET sealed_recipient = ?, sealed_body = ? WHERE id = ?', [
                this.seal('outbox', 'sealed_recipient', id, message.recipient),
                this.seal('outbox', 'sealed_body', id, message.body),
                id,
            ]);
            return id;
        });
    }

    async listOutbox(limit: number): Promise<OutboxMessage[]> {
        const rows = await this.db.all('SELECT * FROM outbox ORDER BY id LIMIT ?', [limit]);
        return rows.map((row) => this.outboxFromRow(row));
    }

    /** The newest message of a template to a recipient: what the dev network's tests read codes from. */
    async newestOutboxTo(channel: Channel, recipient: string, template: string): Promise<OutboxMessage | undefined> {
        return this.first(
            'SELECT * FROM outbox WHERE recipient_index = ? AND template = ? ORDER BY id DESC LIMIT 1',
            [this.vault.blindIndex(channel === 'sms' ? 'phone' : 'email', recipient), template],
            (row) => this.outboxFromRow(row),
        );
    }

    async insertTopUp(record: TopUpRecord): Promise<boolean> {
        try {
            await this.db.run(
                `INSERT INTO top_ups (reference, user_id, address, currency, requested_amount, status, requested_at)
                 VALUES (?, ?, ?, ?, ?, 'requested', ?)`,
                [record.reference, record.userId, record.address, record.currency, record.requestedAmount, record.requestedAt],
            );
            return true;
        } catch (err) {
            if (err instanceof UniqueViolation) {
                return false;
            }
            throw err;
        }
    }

    async getTopUp(reference: string): Promise<TopUpRecord | undefined> {
        return this.first('SELECT * FROM top_ups WHERE reference = ?', [reference], topUpFromRow);
    }

    async listTopUps(filter: { userId?: string; status?: TopUpStatus }, limit: number): Promise<TopUpRecord[]> {
        // Only the filters given become conditions: PostgreSQL cannot type a bare `? IS NULL`.
        const conditions = [...(filter.userId === undefined ? [] : ['user_id = ?']), ...(filter.status === undefined ? [] : ['status = ?'])];
        const params = [...(filter.userId === undefined ? [] : [filter.userId]), ...(filter.status === undefined ? [] : [filter.status])];
        const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
        const rows = await this.db.all(`SELECT * FROM top_ups ${where} ORDER BY requested_at DESC, reference LIMIT ?`, [...params, limit]);
        return rows.map(topUpFromRow);
    }

    async confirmTopUp(reference: string, confirmation: { mintedAmount: string; confirmedAt: string; confirmedBy: string; txId: string | null }): Promise<boolean> {
        const changed = await this.db.run(
            "UPDATE top_ups SET status = 'confirmed', minted_amount = ?, confirmed_at = ?, confirmed_by = ?, tx_id = ? WHERE reference = ? AND status = 'requested'",
            [confirmation.mintedAmount, confirmation.confirmedAt, confirmation.confirmedBy, confirmation.txId, reference],
        );
        return changed === 1;
    }

    async listOutboxTo(channel: Channel, recipient: string, limit: number): Promise<OutboxMessage[]> {
        const rows = await this.db.all('SELECT * FROM outbox WHERE recipient_index = ? AND channel = ? ORDER BY id DESC LIMIT ?', [
            this.vault.blindIndex(channel === 'sms' ? 'phone' : 'email', recipient),
            channel,
            limit,
        ]);
        return rows.map((row) => this.outboxFromRow(row));
    }

    async listOutboxDue(channel: Channel, at: string, limit: number): Promise<OutboxMessage[]> {
        const rows = await this.db.all(
            `SELECT * FROM outbox WHERE channel = ?
               AND (status = 'queued' OR (status = 'failed' AND next_attempt_at IS NOT NULL AND next_attempt_at <= ?))
             ORDER BY id LIMIT ?`,
            [channel, at, limit],
        );
        return rows.map((row) => this.outboxFromRow(row));
    }

    async markOutboxSent(id: number, attempts: number, at: string): Promise<void> {
        await this.db.run("UPDATE outbox SET status = 'sent', attempts = ?, sent_at = ?, next_attempt_at = NULL, last_error = NULL WHERE id = ?", [attempts, at, id]);
    }

    async markOutboxFailed(id: number, attempts: number, error: string, nextAttemptAt: string | null): Promise<void> {
        await this.db.run("UPDATE outbox SET status = 'failed', attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?", [attempts, error, nextAttemptAt, id]);
    }

    async appendAudit(build: (head: ChainHead | undefined) => AuditRecord): Promise<AuditRecord> {
        // The write lock is taken before the head is read, so two processes cannot fork the
        // chain: SQLite's transactions begin IMMEDIATE, PostgreSQL's lock the table.
        return this.db.transaction(async (tx) => {
            if (this.db.dialect === 'postgres') {
                await tx.run('LOCK TABLE audit_log IN EXCLUSIVE MODE');
            }
            const [head] = await tx.all('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
            const record = build(head === undefined ? undefined : { seq: int(head.seq), hash: str(head.hash) });
            await tx.run(
                `INSERT INTO audit_log (seq, at, event, actor, subject, client_address, details, prev_hash, hash)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
                [
                    record.seq,
                    record.at,
                    record.event,
                    record.actor,
                    record.subject ?? null,
                    record.clientAddress ?? null,
                    record.details === undefined ? null : JSON.stringify(record.details),
                    record.prevHash,
                    record.hash,
                ],
            );
            return record;
        });
    }

    async readAudit(afterSeq: number, limit: number): Promise<AuditRecord[]> {
        const rows = await this.db.all('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?', [afterSeq, limit]);
        return rows.map((row) => {
            const record: AuditRecord = {
                seq: int(row.seq),
                at: str(row.at),
                event: str(row.event),
                actor: str(row.actor),
                prevHash: str(row.prev_hash),
                hash: str(row.hash),
            };
            if (row.subject !== null) record.subject = str(row.subject);
            if (row.client_address !== null) record.clientAddress = str(row.client_address);
            if (row.details !== null) record.details = JSON.parse(str(row.details)) as AuditRecord['details'];
            return record;
        });
    }

    async insertSupportRequest(request: SupportRequest): Promise<void> {
        await this.db.run(
            `INSERT INTO support_requests (id, user_id, kind, status, sealed_message, opened_at, verified_by, verification_method, resolved_by, resolved_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            [
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
            ],
        );
    }

    async getSupportRequest(id: string): Promise<SupportRequest | undefined> {
        return this.first('SELECT * FROM support_requests WHERE id = ?', [id], (row) => this.toSupportRequest(row));
    }

    async listSupportRequests(status: SupportRequest['status'], limit: number): Promise<SupportRequest[]> {
        const rows = await this.db.all('SELECT * FROM support_requests WHERE status = ? ORDER BY opened_at LIMIT ?', [status, limit]);
        return rows.map((row) => this.toSupportRequest(row));
    }

    async updateSupportRequest(request: SupportRequest): Promise<void> {
        await this.db.run(
            `UPDATE support_requests SET status = ?, verified_by = ?, verification_method = ?, resolved_by = ?, resolved_at = ?
             WHERE id = ?`,
            [request.status, request.verifiedBy, request.verificationMethod, request.resolvedBy, request.resolvedAt, request.id],
        );
    }

    async insertSupportEvent(event: SupportEvent): Promise<void> {
        await this.db.transaction(async (tx) => {
            const seq = await insertedId(tx, "INSERT INTO support_events (request_id, at, actor, action, sealed_note) VALUES (?, ?, ?, ?, '') RETURNING seq", [
                event.requestId,
                event.at,
                event.actor,
                event.action,
            ]);
            await tx.run('UPDATE support_events SET sealed_note = ? WHERE seq = ?', [this.seal('support_events', 'sealed_note', seq, event.note), seq]);
        });
    }

    async listSupportEvents(requestId: string): Promise<SupportEvent[]> {
        const rows = await this.db.all('SELECT * FROM support_events WHERE request_id = ? ORDER BY seq', [requestId]);
        return rows.map((row) => ({
            requestId: str(row.request_id),
            at: str(row.at),
            actor: str(row.actor),
            action: str(row.action),
            note: this.open(row, 'support_events', 'sealed_note', 'seq'),
        }));
    }

    async upsertKycSubmission(record: KycRecord): Promise<void> {
        await this.db.run(
            `INSERT INTO kyc (user_id, identity, submitted_at, status, reviewed_by, reviewed_at, sealed_reason, tier, high_risk, next_review_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT(user_id) DO UPDATE SET status = excluded.status, identity = excluded.identity,
               submitted_at = excluded.submitted_at, sealed_reason = NULL`,
            [record.userId, record.identity, record.submittedAt, ...this.kycReview(record)],
        );
    }

    async getKyc(userId: string): Promise<KycRecord | undefined> {
        return this.first('SELECT * FROM kyc WHERE user_id = ?', [userId], (row) => this.toKyc(row));
    }

    async updateKycDecision(record: KycRecord): Promise<void> {
        await this.db.run(
            `UPDATE kyc SET status = ?, reviewed_by = ?, reviewed_at = ?, sealed_reason = ?, tier = ?, high_risk = ?, next_review_at = ?
             WHERE user_id = ?`,
            [...this.kycReview(record), record.userId],
        );
    }

    /** status, reviewed_by, reviewed_at, sealed_reason, tier, high_risk, next_review_at, in that order. */
    private kycReview(record: KycRecord): SqlValue[] {
        const reason = this.sealNullable('kyc', 'sealed_reason', record.userId, record.reason);
        return [record.status, record.reviewedBy, record.reviewedAt, reason, record.tier, record.highRisk ? 1 : 0, record.nextReviewAt];
    }

    async listKycByStatus(status: KycRecord['status'], limit: number): Promise<KycRecord[]> {
        const rows = await this.db.all('SELECT * FROM kyc WHERE status = ? ORDER BY submitted_at LIMIT ?', [status, limit]);
        return rows.map((row) => this.toKyc(row));
    }

    async listKycDueForReview(asOf: string, limit: number): Promise<KycRecord[]> {
        const rows = await this.db.all("SELECT * FROM kyc WHERE status = 'approved' AND next_review_at <= ? ORDER BY next_review_at LIMIT ?", [asOf, limit]);
        return rows.map((row) => this.toKyc(row));
    }

    async countKyc(): Promise<number> {
        const [row] = await this.db.all('SELECT COUNT(*) AS n FROM kyc');
        return int(row?.n);
    }

    async insertWalletKey(record: WalletKeyRecord): Promise<boolean> {
        const changes = await this.db.run(
            `INSERT INTO wallet_keys (user_id, mode, algorithm, public_key, sealed_private_key, created_at)
             VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(user_id) DO NOTHING`,
            [record.userId, record.mode, record.algorithm, record.publicKey, record.sealedPrivateKey, record.createdAt],
        );
        return changes === 1;
    }

    async getWalletKey(userId: string): Promise<WalletKeyRecord | undefined> {
        return this.first('SELECT * FROM wallet_keys WHERE user_id = ?', [userId], (row) => ({
            userId: str(row.user_id),
            mode: str(row.mode) as WalletKeyRecord['mode'],
            algorithm: str(row.algorithm) as WalletKeyRecord['algorithm'],
            publicKey: str(row.public_key),
            sealedPrivateKey: strOrNull(row.sealed_private_key),
            createdAt: str(row.created_at),
        }));
    }

    async insertLedgerAccount(record: LedgerAccountRecord): Promise<boolean> {
        const changes = await this.db.run(
            `INSERT INTO ledger_accounts (user_id, address, holder_ref, opened_at, tx_id)
             VALUES (?, ?, ?, ?, ?) ON CONFLICT(user_id) DO NOTHING`,
            [record.userId, record.address, record.holderRef, record.openedAt, record.txId],
        );
        return changes === 1;
    }

    async getLedgerAccount(userId: string): Promise<LedgerAccountRecord | undefined> {
        return this.first('SELECT * FROM ledger_accounts WHERE user_id = ?', [userId], (row) => ({
            userId: str(row.user_id),
            address: str(row.address),
            holderRef: str(row.holder_ref),
            openedAt: str(row.opened_at),
            txId: str(row.tx_id),
        }));
    }

    /** Ledger addresses of this bank's customers whose name is this one, compared as contact-rules' canonicalName does. */
    async findCustomersNamed(name: string, limit: number): Promise<UserRecord[]> {
        const rows = await this.db.all("SELECT * FROM users WHERE name_index = ? AND role = 'customer' ORDER BY created_at, id LIMIT ?", [this.vault.blindIndex('name', name), limit]);
        return rows.map((row) => this.toUser(row));
    }

    async findLedgerAccountByAddress(address: string): Promise<LedgerAccountRecord | undefined> {
        return this.first('SELECT user_id FROM ledger_accounts WHERE address = ?', [address], (row) => str(row.user_id)).then((userId) => (userId === undefined ? undefined : this.getLedgerAccount(userId)));
    }

    async ledgerAddressesNamed(name: string, limit: number): Promise<string[]> {
        const rows = await this.db.all(
            `SELECT a.address FROM users u JOIN ledger_accounts a ON a.user_id = u.id
             WHERE u.name_index = ? AND u.role = 'customer' ORDER BY a.address LIMIT ?`,
            [this.vault.blindIndex('name', name), limit],
        );
        return rows.map((row) => str(row.address));
    }

    async rewrapSealed(rewrap: (sealed: string, context: string) => string): Promise<number> {
        return this.db.transaction(async (tx) => {
            let count = 0;
            for (const { table, key, column, prefix } of SEALED_COLUMNS) {
                for (const row of await tx.all(`SELECT ${key} AS k, ${column} AS v FROM ${table} WHERE ${column} IS NOT NULL`)) {
                    await tx.run(`UPDATE ${table} SET ${column} = ? WHERE ${key} = ?`, [rewrap(str(row.v), `${prefix}:${String(row.k)}`), row.k as SqlValue]);
                    count += 1;
                }
            }
            return count;
        });
    }

    private toUser(row: SqlRow): UserRecord {
        return {
            id: str(row.id),
            role: str(row.role) as UserRole,
            name: this.open(row, 'users', 'sealed_name', 'id'),
            phone: this.openNullable(row, 'users', 'sealed_phone', 'id'),
            email: this.openNullable(row, 'users', 'sealed_email', 'id'),
            phoneVerified: int(row.phone_verified) === 1,
            emailVerified: int(row.email_verified) === 1,
            passwordHash: str(row.password_hash),
            agreements: row.agreements === null ? null : (JSON.parse(str(row.agreements)) as UserRecord['agreements']),
            createdAt: str(row.created_at),
            updatedAt: str(row.updated_at),
        };
    }

    private toSession(row: SqlRow): SessionRecord {
        return {
            id: str(row.id),
            userId: str(row.user_id),
            tokenHash: str(row.token_hash),
            createdAt: str(row.created_at),
            lastSeenAt: str(row.last_seen_at),
            expiresAt: str(row.expires_at),
            revokedAt: strOrNull(row.revoked_at),
            clientAddress: this.open(row, 'sessions', 'sealed_client_address', 'id'),
        };
    }

    private toSupportRequest(row: SqlRow): SupportRequest {
        return {
            id: str(row.id),
            userId: str(row.user_id),
            kind: str(row.kind) as SupportRequest['kind'],
            status: str(row.status) as SupportRequest['status'],
            message: this.open(row, 'support_requests', 'sealed_message', 'id'),
            openedAt: str(row.opened_at),
            verifiedBy: strOrNull(row.verified_by),
            verificationMethod: strOrNull(row.verification_method),
            resolvedBy: strOrNull(row.resolved_by),
            resolvedAt: strOrNull(row.resolved_at),
        };
    }

    private toKyc(row: SqlRow): KycRecord {
        return {
            userId: str(row.user_id),
            status: str(row.status) as KycRecord['status'],
            identity: str(row.identity),
            submittedAt: str(row.submitted_at),
            reviewedBy: strOrNull(row.reviewed_by),
            reviewedAt: strOrNull(row.reviewed_at),
            reason: this.openNullable(row, 'kyc', 'sealed_reason', 'user_id'),
            tier: row.tier === null ? null : int(row.tier),
            highRisk: int(row.high_risk) === 1,
            nextReviewAt: strOrNull(row.next_review_at),
        };
    }

    private outboxFromRow(row: SqlRow): OutboxMessage {
        return {
            id: int(row.id),
            channel: str(row.channel) as OutboxMessage['channel'],
            recipient: this.open(row, 'outbox', 'sealed_recipient', 'id'),
            template: str(row.template),
            body: this.open(row, 'outbox', 'sealed_body', 'id'),
            createdAt: str(row.created_at),
            status: str(row.status) as OutboxStatus,
            attempts: int(row.attempts),
            sentAt: strOrNull(row.sent_at),
            nextAttemptAt: strOrNull(row.next_attempt_at),
            lastError: strOrNull(row.last_error),
        };
    }
}

function topUpFromRow(row: SqlRow): TopUpRecord {
    return {
        reference: str(row.reference),
        userId: str(row.user_id),
        address: str(row.address),
        currency: str(row.currency),
        requestedAmount: str(row.requested_amount),
        status: str(row.status) as TopUpStatus,
        requestedAt: str(row.requested_at),
        mintedAmount: strOrNull(row.minted_amount),
        confirmedAt: strOrNull(row.confirmed_at),
        confirmedBy: strOrNull(row.confirmed_by),
        txId: strOrNull(row.tx_id),
    };
}

/** The key an INSERT ... RETURNING gave its row (both databases support RETURNING). */
async function insertedId(tx: SqlExecutor, sql: string, params: readonly SqlValue[]): Promise<number> {
    const [row] = await tx.all(sql, params);
    return int(row === undefined ? undefined : Object.values(row)[0]);
}
