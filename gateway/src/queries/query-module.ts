import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { IndexStore } from '../index/index-store';
import { CursorCodec } from './cursor';
import { StatementService } from './statements';
import { TransactionQueries, type CustomerDirectory } from './transaction-queries';

/** The read side of the index as the HTTP layer needs it. */
export interface QueryModule {
    store: IndexStore;
    queries: TransactionQueries;
    statements: StatementService;
}

/** `customers`: this bank's customer store, for the counterpartyName filter; without it that filter is refused. */
export function createQueryModule(store: IndexStore, cursorKey: Buffer, customers?: CustomerDirectory): QueryModule {
    const cursors = new CursorCodec(cursorKey);
    return { store, queries: new TransactionQueries(store, cursors, customers), statements: new StatementService(store, cursors) };
}

/** The key that seals page cursors: kept in the data directory so cursors survive a restart. */
export function loadCursorKey(path: string): Buffer {
    if (!existsSync(path)) {
        writeFileSync(path, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
    }
    const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');
    if (key.length !== 32) {
        throw new Error(`cursor key ${path} must hold 32 bytes in hex`);
    }
    return key;
}
