import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { showAmount } from '@corridor/chaincode/api';
import { generateSigningKey } from '@corridor/client';
import { payAcrossABorder } from '@corridor/client/examples/pay-across-a-border';
import { client, uniqueId } from '../support/network';

/**
 * The client README's example, run as written against the dev network: a USD customer of
 * bank 2 pays a new CNY customer of bank 3 at a firm quote through @corridor/client. The
 * setup the example takes as given (a funded payer, bank 2's CNY liquidity and rate) is
 * made here through the SDK too.
 */
describe('the @corridor/client README example on the dev network', function () {
    this.timeout(300_000);
    const run = uniqueId('sdk');
    const bank2 = client('bank2');
    const bank3 = client('bank3');
    const payer = generateSigningKey('ed25519');

    before(async () => {
        await bank2.accounts.open({ publicKey: payer.publicKeyPem, holderRef: createHash('sha256').update(`sdk-example:${run}`).digest('hex'), kycTier: 3 });
        await bank2.accounts.topUp({ reference: `FED-${run}`, address: payer.address, currency: 'USD', amount: '1000.00' });
        await bank3.fx.fund({ reference: `CNAPS-${run}`, provider: 'Bank2MSP', currency: 'CNY', amount: '10000.00' });
        const now = Date.now();
        await bank2.fx.publishRate({
            id: `usdcny-${run}`, base: 'USD', quote: 'CNY', bid: '7100000000', ask: '7200000000',
            validFrom: new Date(now - 60_000).toISOString(), validUntil: new Date(now + 3_600_000).toISOString(),
        });
    });

    it('when the example runs, then the payee\'s bank sees the payment settled with the quoted CNY credited', async () => {
        const payment = await payAcrossABorder(bank2, bank3, payer, run);
        expect(payment).to.include({ paymentId: `${run}-p`, status: 'settled', currency: 'USD', payer: payer.address });
        const quote = await bank2.fx.quote(`${run}-q`);
        expect(quote.paymentId).to.equal(payment.paymentId);
        const credited = (await bank3.accounts.balances(payment.payee)).find((balance) => balance.currency === 'CNY');
        expect(credited?.available).to.equal(quote.display.targetAmount);
        const debited = (await bank2.accounts.balances(payer.address)).find((balance) => balance.currency === 'USD');
        expect(debited?.available).to.equal(showAmount(100_000n - BigInt(quote.debitTotal), 'USD'));
    });
});
