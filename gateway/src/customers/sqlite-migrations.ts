import type Database from 'better-sqlite3';
import { SEAL_PERSONAL_DATA } from './personal-data-migration';
import type { PersonalDataVault } from './personal-data';

/** Schema versions of the SQLite store, applied in order, each exactly once. */
export interface Migration {
    version: number;
    name: string;
    sql: string;
    /** Runs after the SQL, in the same transaction: data changes that need the keys. */
    transform?: (db: Database.Database, vault: PersonalDataVault) => void;
    /**
     * Rebuilds a table that others refer to: foreign keys are off around it and checked
     * before the commit (SQLite's own procedure for changes ALTER TABLE cannot make).
     */
    rebuildsTables?: boolean;
}

export const MIGRATIONS: readonly Migration[] = [
    {
        version: 1,
        name: 'users, codes, sessions, lockout, security answers, outbox',
        sql: `
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    name TEXT NOT NULL,
    phone TEXT UNIQUE,
    email TEXT UNIQUE,
    phone_verified INTEGER NOT NULL DEFAULT 0,
    email_verified INTEGER NOT NULL DEFAULT 0,
    password_hash TEXT NOT NULL,
    agreements TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE pending_registrations (
    id TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE codes (
    id TEXT PRIMARY KEY,
    purpose TEXT NOT NULL,
    user_id TEXT,
    code_hash TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    consumed_at TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT,
    client_address TEXT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user_id);
CREATE TABLE login_failures (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    locked_until TEXT
);
CREATE TABLE security_answers (
    user_id TEXT NOT NULL REFERENCES users(id),
    question_id TEXT NOT NULL,
    answer_hash TEXT NOT NULL,
    PRIMARY KEY (user_id, question_id)
);
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    template TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT
);`,
    },
    {
        version: 2,
        name: 'append-only audit log',
        sql: `
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    event TEXT NOT NULL,
    actor TEXT NOT NULL,
    subject TEXT,
    client_address TEXT,
    details TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;`,
    },
    {
        version: 3,
        name: 'support requests and KYC',
        sql: `
CREATE TABLE support_requests (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    message TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    verified_by TEXT,
    verification_method TEXT,
    resolved_by TEXT,
    resolved_at TEXT
);
CREATE TABLE support_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id TEXT NOT NULL REFERENCES support_requests(id),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    note TEXT NOT NULL
);
CREATE TABLE kyc (
    user_id TEXT PRIMARY KEY REFERENCES users(id),
    status TEXT NOT NULL,
    identity TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    reviewed_by TEXT,
    reviewed_at TEXT,
    reason TEXT,
    tier INTEGER,
    high_risk INTEGER NOT NULL DEFAULT 0,
    next_review_at TEXT
);
CREATE INDEX kyc_by_review ON kyc(next_review_at);`,
    },
    {
        version: 4,
        name: 'wallet keys',
        sql: `
CREATE TABLE wallet_keys (
    user_id TEXT PRIMARY KEY REFERENCES users(id),
    mode TEXT NOT NULL,
    algorithm TEXT NOT NULL,
    public_key TEXT NOT NULL,
    sealed_private_key TEXT,
    created_at TEXT NOT NULL
);`,
    },
    {
        version: 5,
        name: 'contact changes awaiting their code',
        sql: `
CREATE TABLE contact_changes (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    channel TEXT NOT NULL,
    value TEXT NOT NULL,
    created_at TEXT NOT NULL
);`,
    },
    {
        version: 6,
        name: 'TOTP second factor',
        sql: `
CREATE TABLE totp (
    user_id TEXT PRIMARY KEY REFERENCES users(id),
    sealed_secret TEXT NOT NULL,
    confirmed_at TEXT,
    last_step INTEGER NOT NULL DEFAULT 0
);`,
    },
    {
        version: 7,
        name: 'ledger accounts of customers',
        sql: `
CREATE TABLE ledger_accounts (
    user_id TEXT PRIMARY KEY REFERENCES users(id),
    address TEXT NOT NULL UNIQUE,
    holder_ref TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    tx_id TEXT NOT NULL
);`,
    },
    {
        version: 8,
        name: 'outbox delivery state',
        sql: `
ALTER TABLE outbox ADD COLUMN status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed'));
ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN next_attempt_at TEXT;
ALTER TABLE outbox ADD COLUMN last_error TEXT;
UPDATE outbox SET status = 'sent' WHERE sent_at IS NOT NULL;
CREATE INDEX outbox_due ON outbox(channel, status, next_attempt_at);`,
    },
    SEAL_PERSONAL_DATA,
];
