import type { Migration } from '../sql/migrations';

/** Schema versions of the index, applied in order and recorded in index_migrations. */
export const MIGRATIONS: readonly Migration[] = [
    {
        version: 1,
        name: 'blocks, transactions, history, statement entries, balances, accounts, checkpoint',
        statements: [
            `CREATE TABLE index_checkpoint (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                next_block BIGINT NOT NULL,
                updated_at TEXT NOT NULL
            )`,
            `CREATE TABLE blocks (
                number BIGINT PRIMARY KEY,
                hash TEXT NOT NULL,
                previous_hash TEXT NOT NULL,
                data_hash TEXT NOT NULL,
                tx_count INTEGER NOT NULL,
                valid_tx_count INTEGER NOT NULL,
                event_count INTEGER NOT NULL,
                booked_at TEXT NOT NULL
            )`,
            `CREATE TABLE transactions (
                key TEXT PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL,
                serial TEXT NOT NULL,
                payment_id TEXT,
                from_address TEXT,
                from_bank TEXT NOT NULL,
                to_address TEXT,
                to_bank TEXT NOT NULL,
                cross_bank SMALLINT NOT NULL,
                amount BIGINT NOT NULL,
                currency TEXT NOT NULL,
                target_amount BIGINT,
                target_currency TEXT,
                refunded BIGINT,
                state TEXT NOT NULL,
                status TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                created_block BIGINT NOT NULL,
                updated_block BIGINT NOT NULL,
                updated_tx_index INTEGER NOT NULL,
                last_tx_id TEXT NOT NULL,
                details TEXT NOT NULL
            )`,
            'CREATE INDEX transactions_time ON transactions (created_at, key)',
            'CREATE INDEX transactions_amount ON transactions (amount, key)',
            'CREATE INDEX transactions_from_bank ON transactions (from_bank, created_at, key)',
            'CREATE INDEX transactions_to_bank ON transactions (to_bank, created_at, key)',
            'CREATE INDEX transactions_from_address ON transactions (from_address, created_at, key)',
            'CREATE INDEX transactions_to_address ON transactions (to_address, created_at, key)',
            'CREATE INDEX transactions_serial ON transactions (serial)',
            `CREATE TABLE transaction_history (
                transaction_key TEXT NOT NULL,
                block_number BIGINT NOT NULL,
                tx_index INTEGER NOT NULL,
                event TEXT NOT NULL,
                state TEXT NOT NULL,
                time TEXT NOT NULL,
                tx_id TEXT NOT NULL,
                note TEXT,
                PRIMARY KEY (block_number, tx_index, transaction_key)
            )`,
            'CREATE INDEX transaction_history_key ON transaction_history (transaction_key, block_number, tx_index)',
            `CREATE TABLE statement_entries (
                block_number BIGINT NOT NULL,
                tx_index INTEGER NOT NULL,
                seq INTEGER NOT NULL,
                address TEXT NOT NULL,
                bank TEXT NOT NULL,
                currency TEXT NOT NULL,
                kind TEXT NOT NULL,
                transaction_key TEXT NOT NULL,
                counterparty TEXT,
                available_delta BIGINT NOT NULL,
                reserved_delta BIGINT NOT NULL,
                available_after BIGINT NOT NULL,
                reserved_after BIGINT NOT NULL,
                bank_available_after BIGINT NOT NULL,
                bank_reserved_after BIGINT NOT NULL,
                time TEXT NOT NULL,
                booked_at TEXT NOT NULL,
                tx_id TEXT NOT NULL,
                PRIMARY KEY (block_number, tx_index, seq)
            )`,
            'CREATE INDEX statement_entries_account ON statement_entries (address, booked_at, block_number, tx_index, seq)',
            'CREATE INDEX statement_entries_account_currency ON statement_entries (address, currency, booked_at, block_number, tx_index, seq)',
            'CREATE INDEX statement_entries_bank ON statement_entries (bank, booked_at, block_number, tx_index, seq)',
            'CREATE INDEX statement_entries_bank_currency ON statement_entries (bank, currency, booked_at, block_number, tx_index, seq)',
            `CREATE TABLE balances (
                owner_kind TEXT NOT NULL,
                owner TEXT NOT NULL,
                currency TEXT NOT NULL,
                available BIGINT NOT NULL,
                reserved BIGINT NOT NULL,
                PRIMARY KEY (owner_kind, owner, currency)
            )`,
            `CREATE TABLE accounts (
                address TEXT PRIMARY KEY,
                bank TEXT NOT NULL,
                status TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )`,
        ],
    },
];

/** Tables a rebuild empties, children first. */
export const INDEX_TABLES = ['statement_entries', 'balances', 'transaction_history', 'transactions', 'accounts', 'blocks', 'index_checkpoint'] as const;
