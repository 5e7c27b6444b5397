import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { CommitPendingError } from '../../src/fabric/ledger-client';
import { createLogger, REDACTED } from '../../src/logger';
import { bearer, linesInto, testApp } from '../support/test-app';
import { paymentRecord } from '../support/ledger-records';

/** The production logger writing into an array: what an operator's log collector would receive. */
function captured(): { lines: string[]; logger: ReturnType<typeof createLogger> } {
    const lines: string[] = [];
    return { lines, logger: createLogger('debug', 'bank1', linesInto(lines)) };
}

function entries(lines: string[]): Record<string, unknown>[] {
    return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

const SECRETS = ['hunter2-password', '493021', 'tok_9f8e7d6c5b4a', 'k3y-material-0001', 'Bearer abcdef0123456789', 'sid=s3ss10n'];

describe('log redaction, through the production logger', () => {
    it('when secrets sit at the top, deep in objects, in arrays and on errors, then none of them is written and the rest is', () => {
        const { lines, logger } = captured();
        const failure = Object.assign(new Error('smtp refused'), { response: { token: SECRETS[2], status: 535 } });
        logger.info('sign-in', {
            password: SECRETS[0],
            user: { id: 'u-1', security: { code: SECRETS[1], answers: [{ question: 'q1', secret: 'blue' }] } },
            sessions: [{ token: SECRETS[2], kind: 'staff' }, [{ apiKey: SECRETS[3] }]],
            request: { headers: { authorization: SECRETS[4], Cookie: SECRETS[5], accept: 'application/json' } },
            error: failure,
        });
        const text = lines.join('');
        for (const secret of [...SECRETS, 'blue']) {
            expect(text, secret).to.not.include(secret);
        }
        const [entry] = entries(lines);
        expect(entry).to.deep.include({ password: REDACTED, message: 'sign-in', level: 'info', org: 'bank1' });
        expect(entry?.user).to.deep.equal({ id: 'u-1', security: { code: REDACTED, answers: [{ question: 'q1', secret: REDACTED }] } });
        expect(entry?.sessions).to.deep.equal([{ token: REDACTED, kind: 'staff' }, [{ apiKey: REDACTED }]]);
        expect(entry?.request).to.deep.equal({ headers: { authorization: REDACTED, Cookie: REDACTED, accept: 'application/json' } });
        expect(entry?.error).to.deep.include({ name: 'Error', message: 'smtp refused', response: { token: REDACTED, status: 535 } });
        expect((entry?.error as { stack: string }).stack).to.include('smtp refused');
    });

    it('when a secret lies deeper than the logger walks, then the deep part is cut, not printed', () => {
        const { lines, logger } = captured();
        let nested: Record<string, unknown> = { privateKey: SECRETS[3] };
        for (let i = 0; i < 20; i++) {
            nested = { level: nested };
        }
        logger.warn('deep', { nested });
        expect(lines.join('')).to.not.include(SECRETS[3]);
        expect(lines.join('')).to.include('[cut]');
    });

    it('when a field refers back to itself, then the line is still written once, without looping', () => {
        const { lines, logger } = captured();
        const loop: Record<string, unknown> = { name: 'loop', password: SECRETS[0] };
        loop.self = loop;
        const shared = { id: 'twice' };
        logger.info('cycle', { loop, pair: [shared, shared] });
        const [entry] = entries(lines);
        expect(entry?.loop).to.deep.equal({ name: 'loop', password: REDACTED, self: '[cut]' });
        expect(entry?.pair).to.deep.equal([shared, shared]);
    });

    it('when a logged value is not a secret field, then it is left as it was, and the caller\'s object is not changed', () => {
        const { lines, logger } = captured();
        const meta = { details: { password: SECRETS[0] }, count: 3, at: new Date('2026-12-07T00:00:00Z') };
        logger.info('kept', meta);
        expect(meta.details.password).to.equal(SECRETS[0]);
        expect(entries(lines)[0]).to.deep.include({ count: 3, at: '2026-12-07T00:00:00.000Z', details: { password: REDACTED } });
    });
});

describe('request log lines', () => {
    const committed = { result: JSON.stringify(paymentRecord({ paymentId: 'p-1' })), txId: 'a'.repeat(64), blockNumber: '7' };

    function requestLines(logLines: string[]): Record<string, unknown>[] {
        return entries(logLines).filter((entry) => entry.message === 'request');
    }

    it('when a write commits, then its access log line carries the request id and the transaction id', async () => {
        const { app, ledger, logLines } = await testApp();
        ledger.submit.resolves(committed);
        const res = await request(app).post('/v1/payments/p-1/settle').set('Authorization', bearer('admin')).set('Idempotency-Key', randomUUID()).send({});
        expect(res.status).to.equal(200);
        expect(requestLines(logLines)).to.have.length(1);
        expect(requestLines(logLines)[0]).to.deep.include({ requestId: res.get('x-request-id'), txId: committed.txId, route: '/v1/payments/:id/settle', status: 200 });
    });

    it('when a write is sent but its commit is not confirmed, then the 202 line carries that transaction id', async () => {
        const { app, ledger, logLines } = await testApp();
        ledger.submit.rejects(new CommitPendingError('b'.repeat(64)));
        const res = await request(app).post('/v1/payments/p-1/settle').set('Authorization', bearer('admin')).set('Idempotency-Key', randomUUID()).send({});
        expect(res.status).to.equal(202);
        expect(requestLines(logLines)[0]).to.deep.include({ txId: 'b'.repeat(64), status: 202 });
    });

    it('when a request makes no transaction, then its line has no transaction id', async () => {
        const { app, logLines } = await testApp();
        await request(app).get('/health');
        const [line] = requestLines(logLines);
        expect(line).to.include({ route: '/health' }).and.not.have.property('txId');
        expect(line?.requestId).to.be.a('string');
    });
});
