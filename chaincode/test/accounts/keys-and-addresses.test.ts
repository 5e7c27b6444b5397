import { createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import { deriveAddress, isValidAddress, requireAddress } from '../../src/accounts/address';
import { parsePublicKey, verifySignature } from '../../src/accounts/public-key';
import { parseInstruction, signingBytes } from '../../src/payments/instruction';
import { newKeyPair, signBytes } from '../support/corridor-fixture';

function expectThrowsCode(run: () => unknown, code: string): void {
    expect(run).to.throw(new RegExp(`^${code}: `));
}

describe('public keys, addresses and signatures', () => {
    const ed = newKeyPair('ed25519');
    const p256 = newKeyPair('p256');

    it('when the same key arrives as PEM and as base64 DER, then it derives the same address', () => {
        const der = createPublicKey(ed.publicKeyPem).export({ type: 'spki', format: 'der' }).toString('base64');
        expect(deriveAddress(parsePublicKey(der))).to.equal(deriveAddress(parsePublicKey(ed.publicKeyPem)));
        expect(parsePublicKey(p256.publicKeyPem).algorithm).to.equal('ecdsa-p256');
    });

    it('when a key is RSA or P-384, then INVALID_PUBLIC_KEY', () => {
        const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
        const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
        expectThrowsCode(() => parsePublicKey(rsa), 'INVALID_PUBLIC_KEY');
        expectThrowsCode(() => parsePublicKey(p384), 'INVALID_PUBLIC_KEY');
        expectThrowsCode(() => parsePublicKey('not a key!'), 'INVALID_PUBLIC_KEY');
        expectThrowsCode(() => parsePublicKey('AAAA'), 'INVALID_PUBLIC_KEY');
        expectThrowsCode(() => parsePublicKey(42), 'INVALID_PUBLIC_KEY');
    });

    it('when any single character of an address is changed, then the address is rejected', () => {
        const address = deriveAddress(parsePublicKey(ed.publicKeyPem));
        expect(isValidAddress(address)).to.equal(true);
        fc.assert(
            fc.property(fc.integer({ min: 0, max: address.length - 1 }), fc.constantFrom(...'0123456789abcdefx'), (index, char) => {
                fc.pre(address[index] !== char);
                const typo = address.slice(0, index) + char + address.slice(index + 1);
                expect(isValidAddress(typo)).to.equal(false);
            }),
            { numRuns: 300 },
        );
    });

    it('when two adjacent characters are swapped or the case changes, then the address is rejected', () => {
        const address = deriveAddress(parsePublicKey(p256.publicKeyPem));
        for (let index = 2; index < address.length - 1; index += 1) {
            if (address[index] !== address[index + 1]) {
                const swapped = address.slice(0, index) + address[index + 1] + address[index] + address.slice(index + 2);
                expect(isValidAddress(swapped), swapped).to.equal(false);
            }
        }
        expectThrowsCode(() => requireAddress(address.toUpperCase(), 'payee'), 'INVALID_ADDRESS');
        expectThrowsCode(() => requireAddress(address.slice(0, -1), 'payee'), 'INVALID_ADDRESS');
    });

    it('when Ed25519 and P-256 (DER and r||s) signatures are checked, then only the genuine ones verify', () => {
        const message = Buffer.from('corridor');
        const edKey = parsePublicKey(ed.publicKeyPem);
        const pKey = parsePublicKey(p256.publicKeyPem);
        expect(verifySignature(edKey, message, signBytes(ed.privateKey, message))).to.equal(true);
        expect(verifySignature(pKey, message, signBytes(p256.privateKey, message))).to.equal(true);
        const raw = sign('sha256', message, { key: p256.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64');
        expect(verifySignature(pKey, message, raw)).to.equal(true);
        expect(verifySignature(pKey, Buffer.from('corridoR'), raw)).to.equal(false);
        expect(verifySignature(edKey, message, signBytes(p256.privateKey, message))).to.equal(false);
        expect(verifySignature(edKey, message, '***')).to.equal(false);
        expect(verifySignature(pKey, message, 'AAAA')).to.equal(false);
    });

    it('when an instruction is signed, then the signing bytes are its sorted-key JSON without the signature', () => {
        const bytes = Buffer.from(signingBytes({ sequence: 1, amount: '1.00', signature: 'x', payer: 'a' })).toString('utf8');
        expect(bytes).to.equal('{"amount":"1.00","payer":"a","sequence":1}');
    });

    it('when an instruction is parsed twice, then it is not mutated and hashes the same', () => {
        const address = deriveAddress(parsePublicKey(ed.publicKeyPem));
        const other = deriveAddress(parsePublicKey(p256.publicKeyPem));
        const input = { paymentId: 'p1', payer: address, payee: other, amount: '1.5', currency: 'EUR', purpose: 'GDDS', sequence: 1, expiresAt: '2026-11-18T11:00:00Z', signature: 'AAAA' };
        const frozen = Object.freeze({ ...input });
        const first = parseInstruction(frozen);
        expect(first.amount).to.equal(150n);
        expect(parseInstruction(frozen).instructionHash).to.equal(first.instructionHash);
    });
});
