import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { bearer, testApp } from '../../support/test-app';
import { AuditLog } from '../../../src/security/audit-log';
import { keyFilesIn, openTestStore } from './customer-fixtures';

const identity = {
    legalName: 'Ada King, Countess of Lovelace',
    dateOfBirth: '1815-12-10',
    nationality: 'GB',
    address: '12 St James Square, London',
    idDocument: { type: 'passport', number: 'P1234567', issuingCountry: 'GB', expiresOn: '2030-01-01' },
    documentRefs: ['doc:passport-scan-1'],
};

async function customerId(w: Awaited<ReturnType<typeof testApp>>): Promise<string> {
    const me = await request(w.app).get('/v1/me').set('Authorization', bearer('customer'));
    return me.body.id as string;
}

describe('customers: KYC over HTTP', () => {
    it('when a customer submits identity data, then it is stored encrypted, bound to the customer, and queued for compliance', async () => {
        const w = await testApp();
        const id = await customerId(w);
        const res = await request(w.app).post('/v1/me/kyc').set('Authorization', bearer('customer')).send(identity);
        expect(res.status, res.text).to.equal(202);
        const row = (await w.customers.store.db.all('SELECT identity FROM kyc'))[0] as { identity: string };
        expect(row.identity).to.not.include('P1234567');
        expect(row.identity).to.not.include('Lovelace');
        expect(w.logLines.join('\n')).to.not.include('P1234567');
        const queue = await request(w.app).get('/v1/kyc/queue').set('Authorization', bearer('compliance_officer'));
        expect(queue.body.items.map((i: { customerId: string }) => i.customerId)).to.deep.equal([id]);
        const read = await request(w.app).get(`/v1/kyc/${id}`).set('Authorization', bearer('compliance_officer'));
        expect(read.body.identity).to.deep.equal(identity);
        // The same ciphertext moved onto another customer does not decrypt.
        const other = (await request(w.app).get('/v1/me').set('Authorization', bearer('teller'))).body.id as string;
        expect(() => w.customers.cipher.open(JSON.parse(row.identity), `kyc:${other}`)).to.throw();
    });

    it('when compliance approves with a tier, then the tier goes to the ledger port and the next review is set; high risk reviews in a year', async () => {
        const w = await testApp();
        const id = await customerId(w);
        await request(w.app).post('/v1/me/kyc').set('Authorization', bearer('customer')).send(identity);
        const res = await request(w.app)
            .post(`/v1/kyc/${id}/decision`)
            .set('Authorization', bearer('compliance_officer'))
            .send({ decision: 'approve', reason: 'passport checked in branch', tier: 2, highRisk: true });
        expect(res.status, res.text).to.equal(200);
        expect(w.customers.tiers.setTier.calledOnceWith(id, 2, true)).to.equal(true);
        expect(res.body).to.include({ status: 'approved', highRisk: true, nextReviewAt: '2027-03-02T09:00:00.000Z' });
        const mine = await request(w.app).get('/v1/me/kyc').set('Authorization', bearer('customer'));
        expect(mine.body).to.include({ status: 'approved', tier: 2 });
        const notDue = await request(w.app).get('/v1/kyc/due-for-review').set('Authorization', bearer('compliance_officer'));
        expect(notDue.body.items).to.have.length(0);
        const due = await request(w.app).get('/v1/kyc/due-for-review?asOf=2027-03-02T09:00:00.000Z').set('Authorization', bearer('compliance_officer'));
        expect(due.body.items.map((i: { customerId: string }) => i.customerId)).to.deep.equal([id]);
        const again = await request(w.app).post(`/v1/kyc/${id}/decision`).set('Authorization', bearer('compliance_officer')).send({ decision: 'reject', reason: 'x', highRisk: false });
        expect(again.body.code).to.equal('INVALID_STATE');
    });

    it('when the ledger refuses the tier, then the approval is not recorded', async () => {
        const w = await testApp();
        const id = await customerId(w);
        await request(w.app).post('/v1/me/kyc').set('Authorization', bearer('customer')).send(identity);
        w.customers.tiers.setTier.rejects(new Error('peer down'));
        const res = await request(w.app).post(`/v1/kyc/${id}/decision`).set('Authorization', bearer('compliance_officer')).send({ decision: 'approve', reason: 'ok', tier: 1, highRisk: false });
        expect(res.status).to.equal(500);
        expect((await w.customers.store.getKyc(id))?.status).to.equal('submitted');
    });

    it('when a rejection comes with a reason, then the customer sees it and may submit again', async () => {
        const w = await testApp();
        const id = await customerId(w);
        await request(w.app).post('/v1/me/kyc').set('Authorization', bearer('customer')).send(identity);
        await request(w.app).post(`/v1/kyc/${id}/decision`).set('Authorization', bearer('compliance_officer')).send({ decision: 'reject', reason: 'document expired', highRisk: false });
        const mine = await request(w.app).get('/v1/me/kyc').set('Authorization', bearer('customer'));
        expect(mine.body).to.include({ status: 'rejected', reason: 'document expired' });
        expect((await request(w.app).post('/v1/me/kyc').set('Authorization', bearer('customer')).send(identity)).status).to.equal(202);
        expect(w.customers.tiers.setTier.called).to.equal(false);
    });
});

describe('customers: staff-assisted reset of security answers over HTTP', () => {
    it('when a customer asks, a teller verifies identity and another staff member resets, then the answers are gone and every step is on record', async () => {
        const w = await testApp();
        const id = await customerId(w);
        await w.customers.store.replaceSecurityAnswers(id, [{ questionId: 'first-school', answerHash: 'h' }]);
        const opened = await request(w.app).post('/v1/me/support-requests').set('Authorization', bearer('customer')).send({ kind: 'reset_security_answers', message: 'I forgot my answers' });
        expect(opened.status, opened.text).to.equal(201);
        const rid = opened.body.id as string;
        const early = await request(w.app).post(`/v1/support-requests/${rid}/reset-security-answers`).set('Authorization', bearer('teller')).send({ note: 'too early' });
        expect(early.body.code).to.equal('INVALID_STATE');
        const verified = await request(w.app).post(`/v1/support-requests/${rid}/verify-identity`).set('Authorization', bearer('teller')).send({ method: 'id_document_in_branch', note: 'passport seen' });
        expect(verified.body.status).to.equal('verified');
        const sameStaff = await request(w.app).post(`/v1/support-requests/${rid}/reset-security-answers`).set('Authorization', bearer('teller')).send({ note: 'alone' });
        expect([sameStaff.status, sameStaff.body.code]).to.deep.equal([403, 'FORBIDDEN']);
        const reset = await request(w.app).post(`/v1/support-requests/${rid}/reset-security-answers`).set('Authorization', bearer('bank_admin')).send({ note: 'reset done' });
        expect(reset.body.status).to.equal('resolved');
        expect(await w.customers.store.getSecurityAnswers(id)).to.deep.equal([]);
        const record = await request(w.app).get(`/v1/me/support-requests/${rid}`).set('Authorization', bearer('customer'));
        expect(record.body.events.map((e: { action: string }) => e.action)).to.deep.equal(['opened', 'identity_verified:id_document_in_branch', 'security_answers_reset']);
        const events = (await w.customers.store.readAudit(0, 100)).map((e) => e.event);
        expect(events).to.include.members(['support.opened', 'support.identity_verified', 'support.security_answers_reset']);
    });

    it("when another customer asks for someone else's request, then 404 as if it did not exist", async () => {
        const w = await testApp();
        const mine = await request(w.app).post('/v1/me/support-requests').set('Authorization', bearer('customer')).send({ kind: 'reset_security_answers', message: 'forgot' });
        const id = (await w.customers.store.findUserByContact({ email: 'teller.seeded@corridor.example' }))?.id as string;
        await w.customers.store.updateRole(id, 'customer', '2026-03-02T09:00:00.000Z');
        const res = await request(w.app).get(`/v1/me/support-requests/${mine.body.id}`).set('Authorization', bearer('teller'));
        expect(res.status).to.equal(404);
    });
});

describe('customers: staff accounts and roles over HTTP', () => {
    it('when a bank admin changes a staff role, then that person’s sessions end and the new role applies at next sign-in', async () => {
        const w = await testApp();
        const teller = (await request(w.app).get('/v1/me').set('Authorization', bearer('teller'))).body.id as string;
        const res = await request(w.app).post(`/v1/staff/${teller}/role`).set('Authorization', bearer('bank_admin')).send({ role: 'compliance_officer' });
        expect(res.status, res.text).to.equal(204);
        expect((await request(w.app).get('/v1/me').set('Authorization', bearer('teller'))).status).to.equal(401);
        expect((await w.customers.store.findUserById(teller))?.role).to.equal('compliance_officer');
    });

    it('when the admin API key creates a staff member, then the creation is audited with the key as actor', async () => {
        const w = await testApp();
        const res = await request(w.app)
            .post('/v1/staff')
            .set('Authorization', bearer('admin'))
            .send({ role: 'teller', phone: '+4930123456789', email: 'teller2@bank1.example', name: 'Grace Hopper', password: 'compiler-harbour-1952' });
        expect(res.status, res.text).to.equal(201);
        const last = (await w.customers.store.readAudit(0, 100)).at(-1);
        expect(last).to.include({ event: 'staff.created', actor: 'api-key:admin', subject: res.body.userId });
    });
});

describe('customers: audit verification command', () => {
    it('when the chain is intact the command exits 0, and when an entry is altered it exits 1 naming the entry', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'corridor-audit-'));
        try {
            const path = join(dir, 'customers.sqlite');
            const store = await openTestStore(keyFilesIn(dir), path);
            const audit = new AuditLog(store, { now: () => new Date('2026-03-02T09:00:00Z') });
            await audit.record({ event: 'login.succeeded', actor: 'u1' });
            await audit.record({ event: 'logout', actor: 'u1' });
            const cli = join(__dirname, '..', '..', '..', 'src', 'tools', 'verify-audit.js');
            expect(JSON.parse(execFileSync('node', [cli, path], { encoding: 'utf8' }))).to.include({ ok: true, count: 2 });
            await store.db.run('DROP TRIGGER audit_log_no_update');
            await store.db.run("UPDATE audit_log SET actor = 'u2' WHERE seq = 1");
            await store.close();
            let status = 0;
            let output = '';
            try {
                execFileSync('node', [cli, path], { encoding: 'utf8' });
            } catch (err) {
                status = (err as { status: number }).status;
                output = (err as { stdout: string }).stdout;
            }
            expect(status).to.equal(1);
            expect(JSON.parse(output)).to.include({ ok: false, brokenAt: 1 });
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe('customers: one bank, one store', () => {
    it("when a session token of bank 1's gateway is presented at bank 2's gateway, then 401: staff and customers act only at their own bank", async () => {
        const bank1 = await testApp();
        const bank2 = await testApp();
        const created = await request(bank1.app)
            .post('/v1/staff')
            .set('Authorization', bearer('admin'))
            .send({ role: 'teller', phone: '+4930123456789', email: 'teller@bank1.example', name: 'Grace Hopper', password: 'compiler-harbour-1952' });
        expect(created.status).to.equal(201);
        const session = await bank1.customers.module.sessions.open(created.body.userId, '127.0.0.1');
        expect((await request(bank1.app).get('/v1/support-requests').set('Authorization', `Bearer ${session.token}`)).status).to.equal(200);
        expect((await request(bank2.app).get('/v1/support-requests').set('Authorization', `Bearer ${session.token}`)).status).to.equal(401);
    });
});
