import { expect } from 'chai';
import { Context } from 'fabric-contract-api';
import { generateKeyPairSync } from 'node:crypto';
import { signingBytes } from '../../src/payments/instruction';
import { Corridor, expectCode, FOUNDERS, Holder, newKeyPair, sha256, signBytes } from '../support/corridor-fixture';

/**
 * The bad-input catalogue: every case names its input, expects one stable code, and
 * proves the ledger unchanged (same state fingerprint, no event). The world is built
 * once; since no case may change it, sharing it is itself part of the check.
 */

interface World {
    corridor: Corridor;
    alice: Holder;
    bob: Holder;
    fred: Holder;
    carl: Holder;
    tina: Holder;
    zed: Holder;
    settledId: string;
    heldId: string;
    openProposalId: string;
}

type Invoke = (ctx: Context) => Promise<string>;
type Case = [name: string, code: string, build: (w: World) => [msp: string, invoke: Invoke]];

const freshPublicKey = (): string => {
    const corridorKey = newKeyPair('ed25519');
    return corridorKey.publicKeyPem;
};

function pay(w: World, instruction: Record<string, unknown> | string, msp = 'Bank1MSP'): [string, Invoke] {
    const body = typeof instruction === 'string' ? instruction : JSON.stringify(instruction);
    return [msp, (ctx) => w.corridor.payments.SubmitPayment(ctx, body)];
}

/** Re-signs the instruction after the overrides, so only the named field is wrong. */
function signed(w: World, overrides: Record<string, unknown>, payer: Holder = w.alice): Record<string, unknown> {
    const base = w.corridor.instruction(payer, w.bob, '1.00', overrides);
    const unsigned = Object.fromEntries(Object.entries(base).filter(([key]) => key !== 'signature'));
    return { ...unsigned, signature: signBytes(payer.privateKey, signingBytes(unsigned)) };
}

function unsignedWith(w: World, overrides: Record<string, unknown>): Record<string, unknown> {
    return { ...w.corridor.instruction(w.alice, w.bob, '1.00'), ...overrides };
}

const rsaPem = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
let strangerAddress = '';

const cases: Case[] = [
    ['malformed JSON', 'INVALID_ARGUMENT', (w) => pay(w, '{"paymentId":')],
    ['a JSON array instead of an object', 'INVALID_ARGUMENT', (w) => pay(w, '[]')],
    ['an unknown field', 'INVALID_ARGUMENT', (w) => pay(w, signed(w, { memo: 'x' }))],
    ['the amount as a JSON number', 'INVALID_ARGUMENT', (w) => pay(w, signed(w, { amount: 1 }))],
    ['the sequence as a string', 'INVALID_ARGUMENT', (w) => pay(w, signed(w, { sequence: '3' }))],
    ['a fractional sequence', 'INVALID_ARGUMENT', (w) => pay(w, signed(w, { sequence: 3.5 }))],
    ['a zero amount', 'AMOUNT_NOT_POSITIVE', (w) => pay(w, signed(w, { amount: '0.00' }))],
    ['a negative amount', 'AMOUNT_NOT_POSITIVE', (w) => pay(w, signed(w, { amount: '-5.00' }))],
    ['three decimals in EUR', 'AMOUNT_TOO_PRECISE', (w) => pay(w, signed(w, { amount: '1.005' }))],
    ['a huge amount', 'AMOUNT_TOO_LARGE', (w) => pay(w, signed(w, { amount: '99999999999999999999' }))],
    ['an unknown currency', 'UNSUPPORTED_CURRENCY', (w) => pay(w, signed(w, { currency: 'XXX' }))],
    ['a lowercase currency', 'INVALID_ARGUMENT', (w) => pay(w, signed(w, { currency: 'eur' }))],
    ['a mistyped payee address', 'INVALID_ADDRESS', (w) => pay(w, signed(w, { payee: w.bob.address.slice(0, 10) + (w.bob.address[10] === 'a' ? 'b' : 'a') + w.bob.address.slice(11) }))],
    ['a payer address of the wrong length', 'INVALID_ADDRESS', (w) => pay(w, signed(w, { payer: w.alice.address + '0' }))],
    ['the payer paying itself', 'SAME_ACCOUNT', (w) => pay(w, signed(w, { payee: w.alice.address }))],
    ['a target currency without a quote', 'INVALID_ARGUMENT', (w) => pay(w, signed(w, { targetCurrency: 'USD' }))],
    ['a quote without a target currency', 'INVALID_ARGUMENT', (w) => pay(w, signed(w, { quoteId: 'q-1' }))],
    ['a quote that was never issued', 'NOT_FOUND', (w) => pay(w, signed(w, { targetCurrency: 'USD', quoteId: 'q-1' }))],
    ['a well-formed but unknown payee', 'ACCOUNT_NOT_FOUND', (w) => pay(w, signed(w, { payee: strangerAddress }))],
    ['a well-formed but unknown payer', 'ACCOUNT_NOT_FOUND', (w) => pay(w, unsignedWith(w, { payer: strangerAddress }))],
    ['a signature by another key', 'BAD_SIGNATURE', (w) => pay(w, { ...signed(w, {}), signature: signed(w, {}, w.bob).signature })],
    ['an amount changed after signing', 'BAD_SIGNATURE', (w) => pay(w, { ...signed(w, {}), amount: '2.00' })],
    ['a signature that is not base64', 'BAD_SIGNATURE', (w) => pay(w, { ...signed(w, {}), signature: '!!!' })],
    ['an expired instruction', 'INSTRUCTION_EXPIRED', (w) => pay(w, signed(w, { expiresAt: w.corridor.now() }))],
    ['an expiry more than 7 days ahead', 'INVALID_ARGUMENT', (w) => pay(w, signed(w, { expiresAt: '2027-01-01T00:00:00Z' }))],
    ['an expiry that is not UTC', 'INVALID_ARGUMENT', (w) => pay(w, signed(w, { expiresAt: '2026-11-18 12:00' }))],
    ['a replay of an accepted instruction', 'DUPLICATE_REQUEST', (w) => pay(w, signed(w, { paymentId: w.settledId, sequence: 1, amount: '10.00' }))],
    ['a payment id reused for a different amount', 'ALREADY_EXISTS', (w) => pay(w, signed(w, { paymentId: w.settledId, sequence: 1, amount: '11.00' }))],
    ['an already used sequence', 'SEQUENCE_REPLAYED', (w) => pay(w, signed(w, { paymentId: 'fresh-1', sequence: 1 }))],
    ['a sequence that skips ahead', 'SEQUENCE_GAP', (w) => pay(w, signed(w, { paymentId: 'fresh-2', sequence: 9 }))],
    ['a frozen payer', 'ACCOUNT_FROZEN', (w) => pay(w, signed(w, {}, w.fred))],
    ['a closed payee', 'ACCOUNT_CLOSED', (w) => pay(w, signed(w, { payee: w.carl.address }))],
    ['a frozen payee', 'ACCOUNT_FROZEN', (w) => pay(w, signed(w, { payee: w.fred.address }))],
    ['an amount over the tier 1 per-payment limit', 'KYC_LIMIT_EXCEEDED', (w) => pay(w, signed(w, { amount: '1000.01' }, w.tina))],
    ['a tier 0 (unverified) payer', 'KYC_LIMIT_EXCEEDED', (w) => pay(w, signed(w, {}, w.zed))],
    ['more than the available balance', 'INSUFFICIENT_FUNDS', (w) => pay(w, signed(w, { amount: '470.01' }))],
    ['a payment submitted by another bank', 'UNAUTHORIZED', (w) => pay(w, signed(w, {}), 'Bank2MSP')],
    ['a payment submitted by the regulator', 'UNAUTHORIZED', (w) => pay(w, signed(w, {}), 'RegulatorMSP')],
    ['a payment submitted by an unknown MSP', 'UNAUTHORIZED', (w) => pay(w, signed(w, {}), 'MalloryMSP')],
    ['a lowercase purpose code', 'INVALID_ARGUMENT', (w) => pay(w, signed(w, { purpose: 'gdds' }))],
    ['a reference one past 140 characters', 'INVALID_ARGUMENT', (w) => pay(w, signed(w, { reference: 'r'.repeat(141) }))],
    ['a payment id with spaces', 'INVALID_ARGUMENT', (w) => pay(w, signed(w, { paymentId: 'pay 1' }))],
    ['a hold flag that is not boolean', 'INVALID_ARGUMENT', (w) => pay(w, signed(w, { hold: 'yes' }))],
    ['a mint of a currency the bank does not issue', 'UNAUTHORIZED', (w) => ['Bank1MSP', (ctx) => w.corridor.accounts.Mint(ctx, JSON.stringify({ reference: 'm-x', address: w.alice.address, currency: 'USD', amount: '5.00' }))]],
    ['a mint into another bank\'s customer', 'UNAUTHORIZED', (w) => ['Bank2MSP', (ctx) => w.corridor.accounts.Mint(ctx, JSON.stringify({ reference: 'm-y', address: w.alice.address, currency: 'USD', amount: '5.00' }))]],
    ['a repeated mint of one bank transfer', 'DUPLICATE_REQUEST', (w) => ['Bank1MSP', (ctx) => w.corridor.accounts.Mint(ctx, JSON.stringify({ reference: 'seed-alice', address: w.alice.address, currency: 'EUR', amount: '500.00' }))]],
    ['a bank transfer reference reused for another amount', 'ALREADY_EXISTS', (w) => ['Bank1MSP', (ctx) => w.corridor.accounts.Mint(ctx, JSON.stringify({ reference: 'seed-alice', address: w.alice.address, currency: 'EUR', amount: '501.00' }))]],
    ['a mint into a frozen account', 'ACCOUNT_FROZEN', (w) => ['Bank1MSP', (ctx) => w.corridor.accounts.Mint(ctx, JSON.stringify({ reference: 'm-z', address: w.fred.address, currency: 'EUR', amount: '5.00' }))]],
    ['a burn beyond the balance', 'INSUFFICIENT_FUNDS', (w) => ['Bank1MSP', (ctx) => w.corridor.accounts.Burn(ctx, JSON.stringify({ reference: 'b-1', address: w.alice.address, currency: 'EUR', amount: '470.01' }))]],
    ['an RSA holder key', 'INVALID_PUBLIC_KEY', (w) => ['Bank1MSP', (ctx) => w.corridor.accounts.OpenAccount(ctx, JSON.stringify({ publicKey: rsaPem, holderRef: sha256('r'), kycTier: 1 }))]],
    ['a holder reference in clear text', 'INVALID_ARGUMENT', (w) => ['Bank1MSP', (ctx) => w.corridor.accounts.OpenAccount(ctx, JSON.stringify({ publicKey: freshPublicKey(), holderRef: 'Alice Example', kycTier: 1 }))]],
    ['a KYC tier of 4', 'INVALID_ARGUMENT', (w) => ['Bank1MSP', (ctx) => w.corridor.accounts.OpenAccount(ctx, JSON.stringify({ publicKey: freshPublicKey(), holderRef: sha256('t'), kycTier: 4 }))]],
    ['an account opened by the regulator', 'UNAUTHORIZED', (w) => ['RegulatorMSP', (ctx) => w.corridor.accounts.OpenAccount(ctx, JSON.stringify({ publicKey: freshPublicKey(), holderRef: sha256('g'), kycTier: 1 }))]],
    ['a freeze by a bank that does not serve the account', 'UNAUTHORIZED', (w) => ['Bank2MSP', (ctx) => w.corridor.accounts.FreezeAccount(ctx, w.alice.address, 'suspicious')]],
    ['an unfreeze of an active account', 'INVALID_STATE', (w) => ['Bank1MSP', (ctx) => w.corridor.accounts.UnfreezeAccount(ctx, w.alice.address, 'cleared')]],
    ['a close of an account that holds money', 'ACCOUNT_NOT_EMPTY', (w) => ['Bank1MSP', (ctx) => w.corridor.accounts.CloseAccount(ctx, w.alice.address, 'customer left')]],
    ['a settle of a settled payment', 'INVALID_STATE', (w) => ['Bank1MSP', (ctx) => w.corridor.payments.SettlePayment(ctx, w.settledId)]],
    ['an expiry before the hold deadline', 'HOLD_NOT_EXPIRED', (w) => ['Bank2MSP', (ctx) => w.corridor.payments.ExpirePayment(ctx, w.heldId)]],
    ['a cancellation signed by someone else', 'BAD_SIGNATURE', (w) => ['Bank1MSP', (ctx) => w.corridor.payments.CancelPayment(ctx, w.corridor.cancellation(w.tina, w.heldId))]],
    ['a settle by the payee\'s bank', 'UNAUTHORIZED', (w) => ['Bank2MSP', (ctx) => w.corridor.payments.SettlePayment(ctx, w.heldId)]],
    ['a refund larger than the payment', 'REFUND_EXCEEDS_PAYMENT', (w) => ['Bank1MSP', (ctx) => w.corridor.payments.RequestRefund(ctx, JSON.stringify({ refundId: 'r-1', paymentId: w.settledId, amount: '10.01', reason: 'wrong-payee', evidenceRef: sha256('e') }))]],
    ['a refund of a held payment', 'INVALID_STATE', (w) => ['Bank1MSP', (ctx) => w.corridor.payments.RequestRefund(ctx, JSON.stringify({ refundId: 'r-2', paymentId: w.heldId, amount: '1.00', reason: 'other', evidenceRef: sha256('e') }))]],
    ['a refund requested by the payee\'s bank', 'UNAUTHORIZED', (w) => ['Bank2MSP', (ctx) => w.corridor.payments.RequestRefund(ctx, JSON.stringify({ refundId: 'r-3', paymentId: w.settledId, amount: '1.00', reason: 'other', evidenceRef: sha256('e') }))]],
    ['an evidence reference that is not a hash', 'INVALID_ARGUMENT', (w) => ['Bank1MSP', (ctx) => w.corridor.payments.RequestRefund(ctx, JSON.stringify({ refundId: 'r-4', paymentId: w.settledId, amount: '1.00', reason: 'other', evidenceRef: 'receipt.pdf' }))]],
    ['a refund of an unknown payment', 'NOT_FOUND', (w) => ['Bank1MSP', (ctx) => w.corridor.payments.RequestRefund(ctx, JSON.stringify({ refundId: 'r-5', paymentId: 'nope', amount: '1.00', reason: 'other', evidenceRef: sha256('e') }))]],
    ['a second consortium initialisation', 'ALREADY_EXISTS', (w) => ['Bank2MSP', (ctx) => w.corridor.members.InitConsortium(ctx, JSON.stringify({ members: FOUNDERS }))]],
    ['a second vote by the proposer', 'ALREADY_VOTED', (w) => ['Bank1MSP', (ctx) => w.corridor.members.ApproveProposal(ctx, w.openProposalId)]],
    ['a proposal of an unknown kind', 'INVALID_ARGUMENT', (w) => ['Bank1MSP', (ctx) => w.corridor.members.ProposeChange(ctx, JSON.stringify({ proposalId: 'p-x', kind: 'dissolve', payload: {} }))]],
    ['a new member claiming an issued currency', 'CONFLICT', (w) => ['Bank1MSP', (ctx) => w.corridor.members.ProposeChange(ctx, JSON.stringify({ proposalId: 'p-y', kind: 'admit-member', payload: { ...FOUNDERS[0], mspId: 'Bank4MSP' } }))]],
    ['a proposal by the regulator', 'UNAUTHORIZED', (w) => ['RegulatorMSP', (ctx) => w.corridor.members.ProposeChange(ctx, JSON.stringify({ proposalId: 'p-z', kind: 'update-member', payload: { mspId: 'Bank1MSP', fxProvider: false } }))]],
];

describe('bad-input catalogue', () => {
    let world: World;

    before(async () => {
        const corridor = await Corridor.founded();
        const alice = await corridor.openHolder('Bank1MSP');
        const bob = await corridor.openHolder('Bank2MSP', 2, 'p256');
        const fred = await corridor.openHolder('Bank1MSP');
        const carl = await corridor.openHolder('Bank3MSP');
        const tina = await corridor.openHolder('Bank1MSP', 1);
        const zed = await corridor.openHolder('Bank1MSP', 0);
        await corridor.topUp(alice, '500.00', 'EUR', 'seed-alice');
        await corridor.topUp(fred, '10.00');
        await corridor.topUp(tina, '2000.00');
        await corridor.topUp(zed, '10.00');
        await corridor.submit('Bank1MSP', (ctx) => corridor.accounts.FreezeAccount(ctx, fred.address, 'under review'));
        await corridor.submit('Bank3MSP', (ctx) => corridor.accounts.CloseAccount(ctx, carl.address, 'customer left'));
        const settled = await corridor.pay(alice, bob, '10.00');
        const held = await corridor.pay(alice, bob, '20.00', { hold: true });
        const proposal = await corridor.submit('Bank1MSP', (ctx) =>
            corridor.members.ProposeChange(ctx, JSON.stringify({ proposalId: 'p-open', kind: 'update-member', payload: { mspId: 'Bank3MSP', fxProvider: true } })),
        );
        expect(proposal.status).to.equal('open');
        strangerAddress = (await (async () => {
            const other = await Corridor.founded();
            return (await other.openHolder('Bank1MSP')).address;
        })());
        world = { corridor, alice, bob, fred, carl, tina, zed, settledId: settled.paymentId as string, heldId: held.paymentId as string, openProposalId: 'p-open' };
    });

    it(`when the catalogue is counted, then it holds at least 40 named cases (${cases.length})`, () => {
        expect(cases.length).to.be.at.least(40);
        expect(new Set(cases.map(([name]) => name)).size).to.equal(cases.length);
    });

    for (const [name, code, build] of cases) {
        it(`when a transaction carries ${name}, then ${code} and the ledger is unchanged`, async () => {
            const before = world.corridor.ledger.fingerprint();
            const events = world.corridor.ledger.events.length;
            const [msp, invoke] = build(world);
            await expectCode(world.corridor.ledger.submit(msp, invoke), code);
            expect(world.corridor.ledger.fingerprint()).to.equal(before);
            expect(world.corridor.ledger.events.length).to.equal(events);
        });
    }
});
