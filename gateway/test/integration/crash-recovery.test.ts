import { expect } from 'chai';
import { createHash, randomUUID } from 'node:crypto';
import { call, client, networkScript, pidOf, uniqueId } from '../support/network';
import { TestWallet } from '../support/wallet';

describe('a gateway killed in the middle of a payment', function () {
    this.timeout(300_000);

    it('when it restarts and the client retries with the same Idempotency-Key, then the payment exists once and is paid once', async () => {
        const alice = new TestWallet('crash-alice');
        const bob = new TestWallet('crash-bob');
        for (const [org, wallet] of [['bank1', alice], ['bank2', bob]] as const) {
            const opened = await call(org, 'POST', '/v1/accounts', {
                publicKey: wallet.publicKeyPem,
                holderRef: createHash('sha256').update(wallet.publicKeyPem).digest('hex'),
                kycTier: 2,
            });
            wallet.address = opened.body.account.address;
        }
        const run = uniqueId('crash');
        await call('bank1', 'POST', '/v1/top-ups', { reference: `SEPA-${run}`, address: alice.address, currency: 'EUR', amount: '100.00' });
        const instruction = alice.instruction({ paymentId: run, payee: bob.address, amount: '10.00', currency: 'EUR' }, 1);
        const key = randomUUID();

        // The first attempt: the gateway is killed while the request is in flight.
        const inFlight = client('bank1').transport.once('POST', '/v1/payments', { body: instruction, idempotencyKey: key }).catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 150));
        process.kill(pidOf('gateway-bank1'), 'SIGKILL');
        await inFlight;

        const up = await networkScript('up');
        expect(up.code, up.output).to.equal(0);
        const retry = await call('bank1', 'POST', '/v1/payments', instruction, key);
        expect(retry.status, JSON.stringify(retry.body)).to.be.oneOf([200, 201]);

        const payment = await call('regulator', 'GET', `/v1/payments/${run}`);
        expect(payment.body.status).to.equal('settled');
        const balances = await call('bank1', 'GET', `/v1/accounts/${alice.address}/balances`);
        expect(balances.body.balances[0]).to.include({ currency: 'EUR', available: '90.00', reserved: '0.00' });
    });
});
