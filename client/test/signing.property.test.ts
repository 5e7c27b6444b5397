import { expect } from 'chai';
import fc from 'fast-check';
import { isCancellationSignedBy, isSignedBy, parseInstruction, parsePublicKey, supportedCurrencies, currencyExponent, MAX_AMOUNT } from '@corridor/chaincode/api';
import { buildInstruction, generateSigningKey, signCancellation, signInstruction, type SigningKey } from '../src/index.js';

/**
 * The SDK signs; the chaincode's own parser and signature check (from chaincode/dist,
 * the code SubmitPayment and CancelPayment run) decide. Any one-byte change to what was
 * signed must be refused.
 */

const KEYS: SigningKey[] = [generateSigningKey('ed25519'), generateSigningKey('ecdsa-p256'), generateSigningKey('ed25519'), generateSigningKey('ecdsa-p256')];
const ID = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/);
const currency = fc.constantFrom(...supportedCurrencies());

const instructionArbitrary = fc.record({
    key: fc.constantFrom(...KEYS),
    payee: fc.constantFrom(...KEYS),
    paymentId: ID,
    currency,
    minor: fc.bigInt({ min: 1n, max: MAX_AMOUNT }),
    sequence: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    reference: fc.option(fc.string({ minLength: 1, maxLength: 140 }).filter((text) => text.trim().length > 0), { nil: undefined }),
    targetCurrency: fc.option(currency, { nil: undefined }),
    quoteId: fc.option(ID, { nil: undefined }),
    hold: fc.option(fc.boolean(), { nil: undefined }),
    purpose: fc.stringMatching(/^[A-Z]{4}$/),
});

type Input = typeof instructionArbitrary extends fc.Arbitrary<infer T> ? T : never;

function build(input: Input): ReturnType<typeof signInstruction> {
    const unsigned = buildInstruction({
        paymentId: input.paymentId,
        payer: input.key.address,
        payee: input.payee.address,
        amount: input.minor,
        currency: input.currency,
        sequence: input.sequence,
        purpose: input.purpose,
        expiresAt: '2030-01-01T00:00:00.000Z',
        ...(input.reference !== undefined ? { reference: input.reference } : {}),
        ...(input.targetCurrency !== undefined ? { targetCurrency: input.targetCurrency } : {}),
        ...(input.quoteId !== undefined ? { quoteId: input.quoteId } : {}),
        ...(input.hold !== undefined ? { hold: input.hold } : {}),
    });
    return signInstruction(unsigned, input.key);
}

function accepted(wire: string, key: SigningKey): boolean {
    try {
        return isSignedBy(parseInstruction(JSON.parse(wire)), parsePublicKey(key.publicKeyPem));
    } catch {
        return false;
    }
}

describe('signing, as the chaincode verifies it (property)', () => {
    it('an instruction built and signed by the SDK passes the chaincode\'s parse and signature check, with either key type', () => {
        fc.assert(
            fc.property(instructionArbitrary, (input) => {
                const signed = build(input);
                expect(accepted(JSON.stringify(signed), input.key)).to.equal(true);
                const parsed = parseInstruction(signed);
                expect(parsed.amount).to.equal(input.minor);
                expect(currencyExponent(parsed.currency)).to.be.at.least(0);
            }),
            { numRuns: 150 },
        );
    });

    it('any one-byte change to the signed JSON is refused (by the parser or by the signature)', () => {
        let checked = 0;
        fc.assert(
            fc.property(instructionArbitrary, fc.nat(), fc.integer({ min: 1, max: 255 }), (input, at, flip) => {
                const signed = build(input);
                const { signature: _, ...unsigned } = signed;
                const bytes = Buffer.from(JSON.stringify(unsigned), 'utf8');
                const index = at % bytes.length;
                bytes[index] = (bytes[index] ?? 0) ^ flip;
                let changed: Record<string, unknown>;
                try {
                    changed = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
                } catch {
                    return; // no longer JSON: the gateway refuses it before the chaincode sees it
                }
                // A flip inside a string can decode to the same text (invalid UTF-8 becomes U+FFFD twice over); only a real change counts.
                if (JSON.stringify(changed) === JSON.stringify(unsigned)) {
                    return;
                }
                expect(accepted(JSON.stringify({ ...changed, signature: signed.signature }), input.key)).to.equal(false);
                checked++;
            }),
            { numRuns: 300 },
        );
        // Most flips still leave JSON; the property must have been exercised, not skipped.
        expect(checked).to.be.greaterThan(100);
    });

    it('a signature by another key is refused', () => {
        fc.assert(
            fc.property(instructionArbitrary, (input) => {
                const other = KEYS.find((key) => key !== input.key) as SigningKey;
                expect(accepted(JSON.stringify(build(input)), other)).to.equal(false);
            }),
            { numRuns: 50 },
        );
    });

    it('a cancellation signed by the SDK passes CancelPayment\'s check for that payment only', () => {
        fc.assert(
            fc.property(fc.constantFrom(...KEYS), ID, ID, (key, paymentId, other) => {
                const signature = signCancellation(paymentId, key);
                expect(isCancellationSignedBy(paymentId, signature, parsePublicKey(key.publicKeyPem))).to.equal(true);
                if (other !== paymentId) {
                    expect(isCancellationSignedBy(other, signature, parsePublicKey(key.publicKeyPem))).to.equal(false);
                }
            }),
            { numRuns: 50 },
        );
    });
});
