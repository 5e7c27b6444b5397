import { expect } from 'chai';
import { deliveryHeaders, newSecret, signature, signatureHeader } from '../../../src/webhooks/webhook-signature';
import { lowerCased, verifyDelivery } from './contract-verifier';

describe('webhook signing', () => {
    it('when a body is signed, then the MAC is HMAC-SHA256 over id.timestamp.body in lowercase hex (a vector computed with openssl)', () => {
        expect(signature('whsec_test', 'evt_1', 1_700_000_000, '{"a":1}')).to.equal('8b7abda022d1032b001d413b787d1d9c6dfbadba36ee2a7a91333569f777b61c');
    });

    it('when a delivery is signed, then the contract verifier accepts it and names every header', () => {
        const secret = newSecret();
        const headers = deliveryHeaders([secret], 'evt_abc', 1_700_000_000, '{"id":"evt_abc"}');
        expect(headers).to.include({ 'Content-Type': 'application/json', 'Corridor-Event-Id': 'evt_abc', 'Corridor-Timestamp': '1700000000' });
        expect(headers['Corridor-Signature']).to.match(/^v1=[0-9a-f]{64}$/);
        expect(verifyDelivery(secret, lowerCased(headers), '{"id":"evt_abc"}', 1_700_000_100)).to.equal(true);
    });

    it('when the body, id or timestamp is altered, or the secret is another, then verification fails', () => {
        const secret = newSecret();
        const headers = lowerCased(deliveryHeaders([secret], 'evt_abc', 1_700_000_000, '{"a":1}'));
        expect(verifyDelivery(secret, headers, '{"a":2}', 1_700_000_000)).to.equal(false);
        expect(verifyDelivery(secret, { ...headers, 'corridor-event-id': 'evt_abd' }, '{"a":1}', 1_700_000_000)).to.equal(false);
        expect(verifyDelivery(secret, { ...headers, 'corridor-timestamp': '1700000001' }, '{"a":1}', 1_700_000_001)).to.equal(false);
        expect(verifyDelivery(newSecret(), headers, '{"a":1}', 1_700_000_000)).to.equal(false);
    });

    it('when a delivery is replayed more than 300 s later, then it is refused; at 300 s it still passes', () => {
        const secret = newSecret();
        const headers = lowerCased(deliveryHeaders([secret], 'evt_abc', 1_700_000_000, '{}'));
        expect(verifyDelivery(secret, headers, '{}', 1_700_000_300)).to.equal(true);
        expect(verifyDelivery(secret, headers, '{}', 1_700_000_301)).to.equal(false);
    });

    it('when two secrets are valid (a rotation), then the header has two v1 entries, current first, and either secret verifies', () => {
        const [current, previous] = [newSecret(), newSecret()];
        const header = signatureHeader([current, previous], 'evt_1', 1, 'x');
        expect(header.split(',')).to.deep.equal([`v1=${signature(current, 'evt_1', 1, 'x')}`, `v1=${signature(previous, 'evt_1', 1, 'x')}`]);
        const headers = { 'corridor-event-id': 'evt_1', 'corridor-timestamp': '1', 'corridor-signature': header };
        expect(verifyDelivery(current, headers, 'x', 1)).to.equal(true);
        expect(verifyDelivery(previous, headers, 'x', 1)).to.equal(true);
    });

    it('when secrets are made, then each carries 32 random bytes and no two are alike', () => {
        const secrets = new Set(Array.from({ length: 50 }, () => newSecret()));
        expect(secrets.size).to.equal(50);
        for (const secret of secrets) {
            expect(Buffer.from(secret.replace(/^whsec_/, ''), 'base64url')).to.have.length(32);
        }
    });
});
