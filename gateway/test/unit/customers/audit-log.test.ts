import { expect } from 'chai';
import { AuditLog } from '../../../src/security/audit-log';
import type { SqlCustomerStore } from '../../../src/customers/sql-customer-store';
import { openTestStore } from './customer-fixtures';

describe('security: hash-chained audit log', () => {
    const clock = { now: () => new Date('2026-03-01T10:00:00Z') };

    async function logWith(n: number): Promise<{ store: SqlCustomerStore; audit: AuditLog }> {
        const store = await openTestStore();
        const audit = new AuditLog(store, clock);
        for (let i = 0; i < n; i += 1) {
            await audit.record({ event: 'login.failed', actor: `u${i}`, details: { attempt: i } });
        }
        return { store, audit };
    }

    it('when entries are appended, then each links to the previous one and the chain verifies', async () => {
        const { audit, store } = await logWith(5);
        const verdict = await audit.verify(2);
        expect(verdict).to.deep.include({ ok: true, count: 5 });
        const rows = await store.readAudit(0, 10);
        expect(rows[1]?.prevHash).to.equal(rows[0]?.hash);
    });

    it('when an entry is altered behind the triggers, then verify names the entry', async () => {
        const { audit, store } = await logWith(4);
        await store.db.run('DROP TRIGGER audit_log_no_update');
        await store.db.run("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3");
        expect(await audit.verify()).to.deep.include({ ok: false, brokenAt: 3 });
    });

    it('when an entry is removed behind the triggers, then verify reports the gap', async () => {
        const { audit, store } = await logWith(4);
        await store.db.run('DROP TRIGGER audit_log_no_delete');
        await store.db.run('DELETE FROM audit_log WHERE seq = 2');
        expect(await audit.verify()).to.deep.include({ ok: false, brokenAt: 2 });
    });

    it('when the log is empty, then it verifies with no entries', async () => {
        const { audit } = await logWith(0);
        expect(await audit.verify()).to.deep.include({ ok: true, count: 0 });
    });
});
