import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { openIdempotencyStore, type SqlIdempotencyStore } from '../../src/submissions/idempotency-store';
import { databasesUnderTest } from '../support/sql-databases';

for (const database of databasesUnderTest('idempotency_contract')) {
    describe(`idempotency store on ${database.name}`, function () {
        this.timeout(20_000);
        let store: SqlIdempotencyStore;

        beforeEach(async () => {
            store = await openIdempotencyStore(await database.location());
        });

        afterEach(async () => {
            await store.close();
        });

        it('when a key is begun twice, then only the first creates it, and a different fingerprint is kept as first stored', async () => {
            const first = await store.begin('admin', 'k1', 'f1');
            expect(first).to.deep.equal({ created: true, record: { scope: 'admin', key: 'k1', fingerprint: 'f1', state: 'pending', txId: null, signedTransaction: null, status: null, body: null } });
            const second = await store.begin('admin', 'k1', 'f2');
            expect(second.created).to.equal(false);
            expect(second.record.fingerprint).to.equal('f1');
            expect((await store.begin('teller-1', 'k1', 'f2')).created, 'keys are per scope').to.equal(true);
        });

        it('when a transaction is created, then endorsed, then finished, then the signed bytes are kept only while pending', async () => {
            await store.begin('admin', 'k1', 'f1');
            await store.recordTransaction('admin', 'k1', 'a'.repeat(64), null);
            await store.recordTransaction('admin', 'k1', 'a'.repeat(64), Buffer.from([1, 2, 250]));
            await store.recordTransaction('admin', 'k1', 'a'.repeat(64), null);
            expect(await store.pendingWithTransaction()).to.deep.equal([
                { scope: 'admin', key: 'k1', fingerprint: 'f1', state: 'pending', txId: 'a'.repeat(64), signedTransaction: Buffer.from([1, 2, 250]), status: null, body: null },
            ]);
            await store.finish('admin', 'k1', 201, '{"ok":true}');
            expect(await store.pendingWithTransaction()).to.deep.equal([]);
            expect((await store.begin('admin', 'k1', 'f1')).record).to.include({ state: 'done', status: 201, body: '{"ok":true}', signedTransaction: null });
        });

        it('when pending writes are forgotten, then only unsent ones go, and a finished one is never forgotten', async () => {
            await store.begin('admin', 'sent', 'f');
            await store.recordTransaction('admin', 'sent', 'b'.repeat(64), Buffer.from([7]));
            await store.begin('admin', 'unsent', 'f');
            await store.begin('admin', 'done', 'f');
            await store.finish('admin', 'done', 200, '{}');
            await store.forget('admin', 'done');
            expect(await store.forgetUnsent()).to.equal(1);
            expect((await store.begin('admin', 'unsent', 'f')).created).to.equal(true);
            expect((await store.begin('admin', 'sent', 'f')).created).to.equal(false);
            expect((await store.begin('admin', 'done', 'f')).record.state).to.equal('done');
        });
    });
}

describe('idempotency store: a file from before migrations were recorded', () => {
    it('when a submissions.db made by an earlier gateway is opened, then its table is adopted and its records kept', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'corridor-idempotency-'));
        try {
            const path = join(dir, 'submissions.db');
            const old = new Database(path);
            old.exec(`CREATE TABLE IF NOT EXISTS idempotency (
            scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending', 'done')), tx_id TEXT, signed_tx BLOB, status INTEGER, body TEXT,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), PRIMARY KEY (scope, key))`);
            old.prepare("INSERT INTO idempotency (scope, key, fingerprint, state, tx_id, signed_tx) VALUES ('admin', 'k1', 'f1', 'pending', ?, ?)").run('c'.repeat(64), Buffer.from([9]));
            old.close();
            const store = await openIdempotencyStore(path);
            expect((await store.pendingWithTransaction()).map((r) => [r.key, r.signedTransaction])).to.deep.equal([['k1', Buffer.from([9])]]);
            expect((await store.db.all('SELECT version FROM idempotency_migrations')).length).to.equal(1);
            await store.close();
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
