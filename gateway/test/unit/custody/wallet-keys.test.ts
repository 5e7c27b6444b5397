import { createPrivateKey, generateKeyPairSync, sign, verify, createPublicKey, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { signingBytes, hashOf } from '@corridor/chaincode/dist/src/ledger/instruction';
import { parsePublicKey, verifySignature } from '@corridor/chaincode/dist/src/ledger/public-key';
import { deriveAddress } from '@corridor/chaincode/dist/src/ledger/address';
import { bearer, testApp } from '../../support/test-app';
import { EnvelopeCipher, type Envelope } from '../../../src/security/envelope-cipher';

async function idOf(w: Awaited<ReturnType<typeof testApp>>, role: 'customer' | 'teller'): Promise<string> {
    return (await request(w.app).get('/v1/me').set('Authorization', bearer(role))).body.id as string;
}

describe('customers: wallet keys over HTTP', () => {
    it('when a customer asks for a custodial key, then an Ed25519 key is made, its private half sealed and bound to the customer', async () => {
        const w = await testApp();
        const id = await idOf(w, 'customer');
        const res = await request(w.app).post('/v1/me/wallet-key').set('Authorization', bearer('customer')).send({ mode: 'custodial' });
        expect(res.status, res.text).to.equal(201);
        expect(res.body).to.include({ mode: 'custodial', algorithm: 'ed25519' });
        const record = await w.customers.store.getWalletKey(id);
        expect(record?.sealedPrivateKey).to.be.a('string').and.not.include('PRIVATE');
        const message = Buffer.from('{"paymentId":"p-1"}');
        const signature = await w.customers.module.wallets.signFor(id, message);
        const publicKey = createPublicKey({ key: Buffer.from(res.body.publicKey, 'base64'), format: 'der', type: 'spki' });
        expect(verify(null, message, publicKey, Buffer.from(signature, 'base64'))).to.equal(true);
        const other = await idOf(w, 'teller');
        expect(() => w.customers.cipher.open(JSON.parse(record?.sealedPrivateKey as string) as Envelope, `wallet:${other}`)).to.throw();
        const again = await request(w.app).post('/v1/me/wallet-key').set('Authorization', bearer('customer')).send({ mode: 'custodial' });
        expect([again.status, again.body.code]).to.deep.equal([409, 'ALREADY_EXISTS']);
    });

    it('when a customer registers their own P-256 key, then only the public key is kept and the bank cannot sign for them', async () => {
        const w = await testApp();
        const id = await idOf(w, 'customer');
        const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
        const pem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
        const res = await request(w.app).post('/v1/me/wallet-key').set('Authorization', bearer('customer')).send({ mode: 'self_custody', publicKey: pem });
        expect(res.status, res.text).to.equal(201);
        expect(res.body).to.include({ mode: 'self_custody', algorithm: 'ecdsa-p256' });
        expect((await w.customers.store.getWalletKey(id))?.sealedPrivateKey).to.equal(null);
        let refused: unknown;
        await w.customers.module.wallets.signFor(id, Buffer.from('x')).catch((err: unknown) => (refused = err));
        expect((refused as { code?: string }).code).to.equal('FORBIDDEN');
    });

    it('when the key is RSA or garbage, then 400 INVALID_PUBLIC_KEY', async () => {
        const w = await testApp();
        const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
        for (const publicKey of [rsa, 'bm90IGEga2V5']) {
            const res = await request(w.app).post('/v1/me/wallet-key').set('Authorization', bearer('customer')).send({ mode: 'self_custody', publicKey });
            expect([res.status, res.body.code]).to.deep.equal([400, 'INVALID_PUBLIC_KEY']);
        }
    });

    it('when the KEK is rotated, then sealed keys and identities open under the new KEK only, and the data is unchanged', async () => {
        const w = await testApp();
        const id = await idOf(w, 'customer');
        await request(w.app).post('/v1/me/wallet-key').set('Authorization', bearer('customer')).send({ mode: 'custodial' });
        const before = JSON.parse((await w.customers.store.getWalletKey(id))?.sealedPrivateKey as string) as Envelope;
        const next = new EnvelopeCipher(randomBytes(32));
        const count = await w.customers.store.rewrapSealed((sealed, context) => JSON.stringify(w.customers.cipher.rewrap(JSON.parse(sealed) as Envelope, context, next)));
        // The wallet key, and the name, email and session address of each of the four seeded people.
        expect(count).to.equal(1 + 4 * 3);
        const after = JSON.parse((await w.customers.store.getWalletKey(id))?.sealedPrivateKey as string) as Envelope;
        expect(after.data).to.equal(before.data);
        expect(next.open(after, `wallet:${id}`)).to.deep.equal(w.customers.cipher.open(before, `wallet:${id}`));
        expect(() => w.customers.cipher.open(after, `wallet:${id}`)).to.throw(/another key-encryption key/);
    });
});

describe('customers: the documented signing example', () => {
    const doc = readFileSync(join(__dirname, '..', '..', '..', '..', 'src', 'custody', 'signing-instructions.md'), 'utf8');
    const block = (name: string): string => {
        const match = new RegExp('```' + name + '\\n([\\s\\S]*?)\\n```').exec(doc);
        if (!match) throw new Error(`block ${name} missing from the signing document`);
        return (match[1] as string).trim();
    };

    it('when the worked example is rebuilt with the chaincode code, then bytes, hash, address and signature all match', () => {
        const instruction = JSON.parse(block('instruction')) as Record<string, unknown>;
        const bytes = signingBytes(instruction);
        expect(Buffer.from(bytes).toString('utf8')).to.equal(block('signingBytes'));
        expect(hashOf(bytes)).to.equal(block('instructionHash'));
        const holder = parsePublicKey(block('publicKey'));
        expect(deriveAddress(holder)).to.equal(instruction.payer);
        expect(verifySignature(holder, bytes, block('signature'))).to.equal(true);
        const key = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.alloc(32, 7)]), format: 'der', type: 'pkcs8' });
        expect(sign(null, bytes, key).toString('base64')).to.equal(block('signature'));
    });

    it('when one field of the example changes, then the documented signature no longer verifies', () => {
        const instruction = { ...(JSON.parse(block('instruction')) as Record<string, unknown>), amount: '125.51' };
        expect(verifySignature(parsePublicKey(block('publicKey')), signingBytes(instruction), block('signature'))).to.equal(false);
    });
});
