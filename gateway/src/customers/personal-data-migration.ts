import type Database from 'better-sqlite3';
import type { Channel } from './customer-model';
import type { PersonalDataVault } from './personal-data';
import { sealedContext } from './sealed-columns';
import type { Migration } from './sqlite-migrations';

type Row = Record<string, unknown>;

/**
 * Version 9: personal data leaves the store's clear columns. Names, phones, emails,
 * pending registrations, contact changes, session addresses, outbox recipients and
 * bodies (which hold codes), support texts and KYC reasons are sealed in place; phones,
 * emails, names, outbox recipients and lockout keys get blind indexes. users is rebuilt,
 * because SQLite cannot drop a UNIQUE column.
 */
export const SEAL_PERSONAL_DATA: Migration = {
    version: 9,
    name: 'personal data sealed, blind indexes for lookups',
    rebuildsTables: true,
    sql: `
CREATE TABLE users_sealed (
    id TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    sealed_name TEXT NOT NULL,
    name_index TEXT NOT NULL,
    sealed_phone TEXT,
    phone_index TEXT UNIQUE,
    sealed_email TEXT,
    email_index TEXT UNIQUE,
    phone_verified INTEGER NOT NULL DEFAULT 0,
    email_verified INTEGER NOT NULL DEFAULT 0,
    password_hash TEXT NOT NULL,
    agreements TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
ALTER TABLE pending_registrations RENAME COLUMN body TO sealed_body;
ALTER TABLE contact_changes RENAME COLUMN value TO sealed_value;
ALTER TABLE sessions RENAME COLUMN client_address TO sealed_client_address;
ALTER TABLE outbox RENAME COLUMN recipient TO sealed_recipient;
ALTER TABLE outbox RENAME COLUMN body TO sealed_body;
ALTER TABLE outbox ADD COLUMN recipient_index TEXT;
ALTER TABLE support_requests RENAME COLUMN message TO sealed_message;
ALTER TABLE support_events RENAME COLUMN note TO sealed_note;
ALTER TABLE kyc RENAME COLUMN reason TO sealed_reason;
ALTER TABLE login_failures RENAME COLUMN key TO key_index;`,
    transform: sealPersonalData,
};

/** Columns sealed where they stand, each row's clear value replaced by its envelope. */
const SEALED_IN_PLACE: ReadonlyArray<[table: string, key: string, column: string]> = [
    ['pending_registrations', 'id', 'sealed_body'],
    ['contact_changes', 'id', 'sealed_value'],
    ['sessions', 'id', 'sealed_client_address'],
    ['outbox', 'id', 'sealed_body'],
    ['outbox', 'id', 'sealed_recipient'],
    ['support_requests', 'id', 'sealed_message'],
    ['support_events', 'seq', 'sealed_note'],
    ['kyc', 'user_id', 'sealed_reason'],
];

function sealPersonalData(db: Database.Database, vault: PersonalDataVault): void {
    rebuildUsers(db, vault);
    const outbox = db.prepare('SELECT id, channel, sealed_recipient FROM outbox').all() as Row[];
    for (const row of outbox) {
        const kind = (row.channel as Channel) === 'sms' ? 'phone' : 'email';
        db.prepare('UPDATE outbox SET recipient_index = ? WHERE id = ?').run(vault.blindIndex(kind, row.sealed_recipient as string), row.id);
    }
    for (const [table, key, column] of SEALED_IN_PLACE) {
        const rows = db.prepare(`SELECT ${key} AS k, ${column} AS v FROM ${table} WHERE ${column} IS NOT NULL`).all() as Row[];
        for (const row of rows) {
            const sealed = vault.seal(row.v as string, sealedContext(table, column, row.k as string | number));
            db.prepare(`UPDATE ${table} SET ${column} = ? WHERE ${key} = ?`).run(sealed, row.k);
        }
    }
    const locks = db.prepare('SELECT key_index FROM login_failures').all() as Array<{ key_index: string }>;
    for (const { key_index: key } of locks) {
        db.prepare('UPDATE login_failures SET key_index = ? WHERE key_index = ?').run(vault.blindIndex('lock', key), key);
    }
    db.exec('CREATE INDEX outbox_by_recipient ON outbox(recipient_index, template)');
}

function rebuildUsers(db: Database.Database, vault: PersonalDataVault): void {
    const insert = db.prepare(
        `INSERT INTO users_sealed (id, role, sealed_name, name_index, sealed_phone, phone_index, sealed_email, email_index,
            phone_verified, email_verified, password_hash, agreements, created_at, updated_at)
         VALUES (@id, @role, @sealedName, @nameIndex, @sealedPhone, @phoneIndex, @sealedEmail, @emailIndex,
            @phone_verified, @email_verified, @password_hash, @agreements, @created_at, @updated_at)`,
    );
    for (const row of db.prepare('SELECT * FROM users').all() as Row[]) {
        const id = row.id as string;
        const phone = row.phone as string | null;
        const email = row.email as string | null;
        insert.run({
            ...row,
            sealedName: vault.seal(row.name as string, sealedContext('users', 'sealed_name', id)),
            nameIndex: vault.blindIndex('name', row.name as string),
            sealedPhone: vault.sealNullable(phone, sealedContext('users', 'sealed_phone', id)),
            phoneIndex: vault.blindIndexNullable('phone', phone),
            sealedEmail: vault.sealNullable(email, sealedContext('users', 'sealed_email', id)),
            emailIndex: vault.blindIndexNullable('email', email),
        });
    }
    db.exec(`DROP TABLE users;
ALTER TABLE users_sealed RENAME TO users;
CREATE INDEX users_by_name ON users(name_index);`);
}
