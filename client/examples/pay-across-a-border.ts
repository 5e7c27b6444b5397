import { createHash } from 'node:crypto';
import { buildInstruction, generateSigningKey, signInstruction, type CorridorClient, type Payment, type SigningKey } from '@corridor/client';

/** A USD customer of bank 2 (holding `payer`) pays 100.00 USD to a new CNY customer of bank 3. */
export async function payAcrossABorder(bank2: CorridorClient, bank3: CorridorClient, payer: SigningKey, id: string): Promise<Payment> {
    const payee = generateSigningKey('ecdsa-p256');
    await bank3.accounts.open({ publicKey: payee.publicKeyPem, holderRef: createHash('sha256').update(id).digest('hex'), kycTier: 1 });
    const { nextSequence } = await bank2.accounts.get(payer.address);
    const { quote } = await bank2.fx.requestQuote({ quoteId: `${id}-q`, payer: payer.address, provider: 'Bank2MSP', sourceCurrency: 'USD', targetCurrency: 'CNY', sourceAmount: '100.00', lifetimeSeconds: 300 });
    const unsigned = buildInstruction({ paymentId: `${id}-p`, payer: payer.address, payee: payee.address, amount: BigInt(quote.debitTotal), currency: 'USD', targetCurrency: 'CNY', quoteId: quote.id, sequence: nextSequence });
    await bank2.payments.submit(signInstruction(unsigned, payer));
    return bank3.payments.waitFor(unsigned.paymentId, (payment) => payment.status === 'settled');
}
