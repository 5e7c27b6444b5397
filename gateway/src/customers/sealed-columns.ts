/**
 * Every column of the customers store that holds a sealed envelope, with the context it
 * is bound to: `<prefix>:<row key>`. Rotation re-wraps exactly these, the KEK guard
 * counts them, and the plaintext scan of the tests reads them: a column sealed anywhere
 * must be listed here.
 */
export interface SealedColumn {
    table: string;
    /** The column whose value the context names: the row's id, or its customer's. */
    key: string;
    column: string;
    prefix: string;
}

export const SEALED_COLUMNS: readonly SealedColumn[] = [
    { table: 'kyc', key: 'user_id', column: 'identity', prefix: 'kyc' },
    { table: 'kyc', key: 'user_id', column: 'sealed_reason', prefix: 'kyc.reason' },
    { table: 'wallet_keys', key: 'user_id', column: 'sealed_private_key', prefix: 'wallet' },
    { table: 'totp', key: 'user_id', column: 'sealed_secret', prefix: 'totp' },
    { table: 'users', key: 'id', column: 'sealed_name', prefix: 'user.name' },
    { table: 'users', key: 'id', column: 'sealed_phone', prefix: 'user.phone' },
    { table: 'users', key: 'id', column: 'sealed_email', prefix: 'user.email' },
    { table: 'pending_registrations', key: 'id', column: 'sealed_body', prefix: 'pending' },
    { table: 'contact_changes', key: 'id', column: 'sealed_value', prefix: 'contact_change' },
    { table: 'sessions', key: 'id', column: 'sealed_client_address', prefix: 'session.client_address' },
    { table: 'outbox', key: 'id', column: 'sealed_recipient', prefix: 'outbox.recipient' },
    { table: 'outbox', key: 'id', column: 'sealed_body', prefix: 'outbox.body' },
    { table: 'support_requests', key: 'id', column: 'sealed_message', prefix: 'support.message' },
    { table: 'support_events', key: 'seq', column: 'sealed_note', prefix: 'support_event.note' },
];

/** The context a sealed value of this column and row is bound to. */
export function sealedContext(table: string, column: string, key: string | number | bigint): string {
    const entry = SEALED_COLUMNS.find((c) => c.table === table && c.column === column);
    if (entry === undefined) {
        throw new Error(`${table}.${column} is not a sealed column`);
    }
    return `${entry.prefix}:${key}`;
}
