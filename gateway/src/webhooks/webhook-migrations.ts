import type { Migration } from '../sql/migrations';

/**
 * The webhook tables live in the index's database: the outbox rows of a block are written
 * in the index's own transaction (index/sql-index-store.ts), which is what makes delivery
 * follow the ledger exactly. They are not index tables: a rebuild leaves them, and the
 * replayed blocks derive the same event ids, which the keys below drop.
 */
export const WEBHOOK_MIGRATIONS: readonly Migration[] = [
    {
        version: 1,
        name: 'webhook endpoints, events, subjects, deliveries, quotes',
        statements: [
            `CREATE TABLE webhook_endpoints (
                id TEXT PRIMARY KEY,
                bank TEXT NOT NULL,
                url TEXT NOT NULL,
                events TEXT NOT NULL,
                description TEXT,
                state TEXT NOT NULL,
                secret TEXT NOT NULL,
                previous_secret TEXT,
                previous_valid_until TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )`,
            'CREATE INDEX webhook_endpoints_bank ON webhook_endpoints (bank, created_at, id)',
            `CREATE TABLE webhook_events (
                id TEXT PRIMARY KEY,
                type TEXT NOT NULL,
                subject_kind TEXT NOT NULL,
                subject_id TEXT NOT NULL,
                sequence BIGINT NOT NULL,
                body TEXT NOT NULL,
                committed_at TEXT NOT NULL,
                UNIQUE (subject_kind, subject_id, sequence)
            )`,
            `CREATE TABLE webhook_subjects (
                subject_kind TEXT NOT NULL,
                subject_id TEXT NOT NULL,
                last_sequence BIGINT NOT NULL,
                PRIMARY KEY (subject_kind, subject_id)
            )`,
            `CREATE TABLE webhook_deliveries (
                delivery_id TEXT PRIMARY KEY,
                endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints (id),
                event_id TEXT NOT NULL REFERENCES webhook_events (id),
                subject_kind TEXT NOT NULL,
                subject_id TEXT NOT NULL,
                sequence BIGINT NOT NULL,
                state TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                last_status INTEGER,
                last_error TEXT,
                next_attempt_at TEXT,
                delivered_at TEXT,
                created_at TEXT NOT NULL,
                UNIQUE (endpoint_id, event_id)
            )`,
            'CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at)',
            'CREATE INDEX webhook_deliveries_order ON webhook_deliveries (endpoint_id, subject_kind, subject_id, sequence)',
            'CREATE INDEX webhook_deliveries_log ON webhook_deliveries (endpoint_id, created_at, delivery_id)',
            `CREATE TABLE webhook_quotes (
                quote_id TEXT PRIMARY KEY,
                expires_at TEXT NOT NULL,
                audience TEXT NOT NULL,
                data TEXT NOT NULL,
                tx_id TEXT NOT NULL,
                block_number BIGINT NOT NULL,
                state TEXT NOT NULL
            )`,
            'CREATE INDEX webhook_quotes_open ON webhook_quotes (state, expires_at)',
        ],
    },
];
