import { expect } from 'chai';
import { Corridor, expectCode, FOUNDERS, Holder, newKeyPair, sha256 } from '../support/corridor-fixture';
import { TRANSACTIONS } from '../../src/api';

const bank4 = { mspId: 'Bank4MSP', legalName: 'Bank Four plc', bic: 'BKFOGB2L', country: 'GB', role: 'bank', currencies: ['GBP'], fxProvider: false };

describe('Members transactions', () => {
    let corridor: Corridor;

    beforeEach(async () => {
        corridor = await Corridor.founded();
    });

    it('when the consortium is initialised, then every founder is an active member and one event lists them', async () => {
        const members = await corridor.evaluate<Array<{ mspId: string; status: string }>>('RegulatorMSP', (ctx) => corridor.members.ListMembers(ctx));
        expect(members.map((member) => member.mspId).sort()).to.deep.equal(FOUNDERS.map((member) => member.mspId).sort());
        expect(members.every((member) => member.status === 'active')).to.equal(true);
        expect(corridor.ledger.events[0]?.name).to.equal('ConsortiumInitialized');
    });

    it('when a non-founder or a founder list with a duplicate initialises, then UNAUTHORIZED or INVALID_ARGUMENT', async () => {
        const fresh = new Corridor();
        await expectCode(fresh.submit('Bank9MSP', (ctx) => fresh.members.InitConsortium(ctx, JSON.stringify({ members: FOUNDERS }))), 'UNAUTHORIZED');
        await expectCode(fresh.submit('Bank1MSP', (ctx) => fresh.members.InitConsortium(ctx, JSON.stringify({ members: [FOUNDERS[0], FOUNDERS[0]] }))), 'INVALID_ARGUMENT', 'twice');
        await expectCode(fresh.submit('RegulatorMSP', (ctx) => fresh.members.InitConsortium(ctx, JSON.stringify({ members: FOUNDERS }))), 'UNAUTHORIZED');
    });

    it('when a majority of banks approves admitting a member, then it is admitted once the second of three approves', async () => {
        const proposal = { proposalId: 'admit-bank4', kind: 'admit-member', payload: bank4 };
        const opened = await corridor.submit('Bank1MSP', (ctx) => corridor.members.ProposeChange(ctx, JSON.stringify(proposal)));
        expect(opened).to.include({ status: 'open' });
        await expectCode(corridor.evaluate('Bank1MSP', (ctx) => corridor.members.GetMember(ctx, 'Bank4MSP')), 'NOT_FOUND');
        const executed = await corridor.submit('Bank2MSP', (ctx) => corridor.members.ApproveProposal(ctx, 'admit-bank4'));
        expect(executed).to.include({ status: 'executed' });
        expect(executed.approvals).to.deep.equal(['Bank1MSP', 'Bank2MSP']);
        expect(corridor.ledger.events.at(-1)?.name).to.equal('ProposalExecuted');
        const member = await corridor.evaluate('Bank3MSP', (ctx) => corridor.members.GetMember(ctx, 'Bank4MSP'));
        expect(member).to.include({ status: 'active', role: 'bank' });
        await expectCode(corridor.submit('Bank3MSP', (ctx) => corridor.members.ApproveProposal(ctx, 'admit-bank4')), 'INVALID_STATE');
    });

    it('when two of three banks reject, then the proposal closes as rejected and changes nothing', async () => {
        await corridor.submit('Bank1MSP', (ctx) => corridor.members.ProposeChange(ctx, JSON.stringify({ proposalId: 'p1', kind: 'admit-member', payload: bank4 })));
        const after = await corridor.submit('Bank2MSP', (ctx) => corridor.members.RejectProposal(ctx, 'p1'));
        expect(after.status).to.equal('open');
        const closed = await corridor.submit('Bank3MSP', (ctx) => corridor.members.RejectProposal(ctx, 'p1'));
        expect(closed.status).to.equal('rejected');
        expect(corridor.ledger.events.at(-1)?.name).to.equal('ProposalRejected');
        expect((await corridor.evaluate('Bank1MSP', (ctx) => corridor.members.GetProposal(ctx, 'p1'))).status).to.equal('rejected');
    });

    it('when a member is suspended by majority, then it can no longer write', async () => {
        const change = { proposalId: 'suspend-3', kind: 'update-member', payload: { mspId: 'Bank3MSP', status: 'suspended' } };
        await corridor.submit('Bank1MSP', (ctx) => corridor.members.ProposeChange(ctx, JSON.stringify(change)));
        await corridor.submit('Bank2MSP', (ctx) => corridor.members.ApproveProposal(ctx, 'suspend-3'));
        await expectCode(corridor.openHolder('Bank3MSP'), 'UNAUTHORIZED', 'suspended');
    });

    it('when a proposal id is reused or an update names a non-member, then ALREADY_EXISTS or NOT_FOUND', async () => {
        const change = { proposalId: 'p2', kind: 'update-member', payload: { mspId: 'Bank2MSP', fxProvider: false } };
        await corridor.submit('Bank1MSP', (ctx) => corridor.members.ProposeChange(ctx, JSON.stringify(change)));
        await expectCode(corridor.submit('Bank2MSP', (ctx) => corridor.members.ProposeChange(ctx, JSON.stringify(change))), 'ALREADY_EXISTS');
        await expectCode(corridor.submit('Bank1MSP', (ctx) => corridor.members.ProposeChange(ctx, JSON.stringify({ ...change, proposalId: 'p3', payload: { mspId: 'NoMSP' } }))), 'NOT_FOUND');
        await expectCode(corridor.evaluate('Bank1MSP', (ctx) => corridor.members.GetProposal(ctx, 'p9')), 'NOT_FOUND');
    });

    it('when the regulator asks for the history of an account key, then it sees each committed version with tx id and time', async () => {
        const holder = await corridor.openHolder('Bank1MSP');
        corridor.advance(60);
        await corridor.submit('Bank1MSP', (ctx) => corridor.accounts.FreezeAccount(ctx, holder.address, 'court order'));
        const history = await corridor.evaluate<Array<{ txId: string; time: string; value: { status: string } }>>('RegulatorMSP', (ctx) =>
            corridor.members.GetKeyHistory(ctx, 'corridor.account', JSON.stringify([holder.address])),
        );
        expect(history.map((change) => change.value.status)).to.deep.equal(['active', 'frozen']);
        expect(history[1]?.time).to.equal('2026-11-18T10:01:00.000Z');
        // The gateway reads this answer through the contract's decoder: it takes it whole.
        expect(TRANSACTIONS.members.keyHistory.decode(JSON.stringify(history))).to.deep.equal(history);
        await expectCode(corridor.evaluate('RegulatorMSP', (ctx) => corridor.members.GetKeyHistory(ctx, 'corridor.secret', '[]')), 'INVALID_ARGUMENT');
        await expectCode(corridor.evaluate('RegulatorMSP', (ctx) => corridor.members.GetKeyHistory(ctx, 'corridor.account', '["a","b"]')), 'INVALID_ARGUMENT');
        await expectCode(corridor.evaluate('RegulatorMSP', (ctx) => corridor.members.GetKeyHistory(ctx, 'corridor.account', '{')), 'INVALID_ARGUMENT');
    });
});

describe('Accounts transactions', () => {
    let corridor: Corridor;
    let alice: Holder;

    beforeEach(async () => {
        corridor = await Corridor.founded();
        alice = await corridor.openHolder('Bank1MSP');
    });

    it('when a bank opens an account, then it holds the key, a hashed holder reference, tier and sequence 1, and an event is emitted', async () => {
        const account = await corridor.evaluate('Bank2MSP', (ctx) => corridor.accounts.GetAccount(ctx, alice.address));
        expect(account).to.include({ bank: 'Bank1MSP', status: 'active', kycTier: 2, nextSequence: 1 });
        expect(account.holderRef).to.match(/^[0-9a-f]{64}$/);
        expect(corridor.ledger.events.at(-1)).to.deep.include({ name: 'AccountOpened' });
    });

    it('when the same key is opened again by the same bank, then DUPLICATE_REQUEST; by another bank, ALREADY_EXISTS', async () => {
        const body = JSON.stringify({ publicKey: alice.publicKeyPem, holderRef: sha256('holder-1'), kycTier: 2 });
        await expectCode(corridor.submit('Bank1MSP', (ctx) => corridor.accounts.OpenAccount(ctx, body)), 'DUPLICATE_REQUEST');
        await expectCode(corridor.submit('Bank2MSP', (ctx) => corridor.accounts.OpenAccount(ctx, body)), 'ALREADY_EXISTS');
    });

    it('when an account is frozen, unfrozen, emptied and closed, then each step is recorded and closed is final', async () => {
        await corridor.topUp(alice, '5.00');
        const frozen = await corridor.submit('Bank1MSP', (ctx) => corridor.accounts.FreezeAccount(ctx, alice.address, 'review'));
        expect(frozen).to.include({ status: 'frozen', statusReason: 'review' });
        await expectCode(corridor.submit('Bank1MSP', (ctx) => corridor.accounts.FreezeAccount(ctx, alice.address, 'again')), 'INVALID_STATE');
        await corridor.submit('Bank1MSP', (ctx) => corridor.accounts.UnfreezeAccount(ctx, alice.address, 'cleared'));
        await corridor.submit('Bank1MSP', (ctx) => corridor.accounts.Burn(ctx, JSON.stringify({ reference: 'wd-1', address: alice.address, currency: 'EUR', amount: '5.00' })));
        const closed = await corridor.submit('Bank1MSP', (ctx) => corridor.accounts.CloseAccount(ctx, alice.address, 'customer left'));
        expect(closed.status).to.equal('closed');
        expect(corridor.ledger.events.at(-1)?.name).to.equal('AccountStatusChanged');
        await expectCode(corridor.submit('Bank1MSP', (ctx) => corridor.accounts.UnfreezeAccount(ctx, alice.address, 'x')), 'INVALID_STATE');
        await expectCode(corridor.submit('Bank1MSP', (ctx) => corridor.accounts.SetKycTier(ctx, alice.address, '3')), 'ACCOUNT_CLOSED');
        await expectCode(corridor.topUp(alice, '1.00'), 'ACCOUNT_CLOSED');
    });

    it('when the KYC tier is changed, then the account carries it; an out-of-range tier is refused', async () => {
        const updated = await corridor.submit('Bank1MSP', (ctx) => corridor.accounts.SetKycTier(ctx, alice.address, '3'));
        expect(updated.kycTier).to.equal(3);
        expect(corridor.ledger.events.at(-1)?.name).to.equal('AccountKycTierChanged');
        await expectCode(corridor.submit('Bank1MSP', (ctx) => corridor.accounts.SetKycTier(ctx, alice.address, '4')), 'INVALID_ARGUMENT');
        await expectCode(corridor.submit('Bank2MSP', (ctx) => corridor.accounts.SetKycTier(ctx, alice.address, '1')), 'UNAUTHORIZED');
    });

    it('when currency is minted and burned, then supply tracks issued, redeemed and circulating', async () => {
        const minted = await corridor.topUp(alice, '100.00', 'EUR', 'sepa-123');
        expect(minted).to.include({ movement: 'mint', reference: 'sepa-123', amount: '100.00', issuer: 'Bank1MSP' });
        expect(corridor.ledger.events.at(-1)?.name).to.equal('CurrencyMinted');
        await corridor.submit('Bank1MSP', (ctx) => corridor.accounts.Burn(ctx, JSON.stringify({ reference: 'wd-9', address: alice.address, currency: 'EUR', amount: '30.25' })));
        expect(corridor.ledger.events.at(-1)?.name).to.equal('CurrencyBurned');
        const supply = await corridor.evaluate('RegulatorMSP', (ctx) => corridor.accounts.GetSupply(ctx, 'EUR'));
        expect(supply).to.include({ issued: '100.00', redeemed: '30.25', circulating: '69.75', issuer: 'Bank1MSP' });
        expect(await corridor.balance(alice)).to.include({ available: '69.75' });
        await expectCode(corridor.evaluate('RegulatorMSP', (ctx) => corridor.accounts.GetSupply(ctx, 'GBP')), 'NOT_FOUND');
        expect(await corridor.evaluate<unknown[]>('RegulatorMSP', (ctx) => corridor.accounts.ListSupply(ctx))).to.have.length(1);
    });

    it('when one top-up is over the maximum amount, then AMOUNT_TOO_LARGE and nothing changes', async () => {
        const before = corridor.ledger.fingerprint();
        await expectCode(corridor.topUp(alice, '10000000000000000.01'), 'AMOUNT_TOO_LARGE');
        expect(corridor.ledger.fingerprint()).to.equal(before);
    });

    it('when five top-ups of one currency are endorsed on one snapshot, then all commit and the supply counts each once', async () => {
        const bob = await corridor.openHolder('Bank1MSP');
        const txs = [];
        for (let i = 0; i < 5; i++) {
            const tx = corridor.ledger.begin('Bank1MSP');
            await corridor.accounts.Mint(tx.ctx, JSON.stringify({ reference: `par-${i}`, address: i % 2 === 0 ? alice.address : bob.address, currency: 'EUR', amount: '10.00' }));
            txs.push(tx);
        }
        expect(txs.map((tx) => corridor.ledger.commit(tx))).to.deep.equal(Array(5).fill('VALID'));
        const supply = await corridor.evaluate('RegulatorMSP', (ctx) => corridor.accounts.GetSupply(ctx, 'EUR'));
        expect(supply).to.include({ issued: '50.00', redeemed: '0.00', circulating: '50.00', issuer: 'Bank1MSP' });
        expect(await corridor.balance(alice)).to.include({ available: '30.00' });
    });

    it('when the issuer rolls up the supply, then the totals stay and the deltas are gone; another bank or an unknown currency is refused', async () => {
        await corridor.topUp(alice, '100.00');
        await corridor.submit('Bank1MSP', (ctx) => corridor.accounts.Burn(ctx, JSON.stringify({ reference: 'wd-r', address: alice.address, currency: 'EUR', amount: '40.00' })));
        const before = await corridor.evaluate('RegulatorMSP', (ctx) => corridor.accounts.GetSupply(ctx, 'EUR'));
        expect(corridor.ledger.entries('\u0000corridor.supply-delta\u0000')).to.have.length(2);
        const rolled = await corridor.submit('Bank1MSP', (ctx) => corridor.accounts.RollUpSupply(ctx, 'EUR'));
        expect(rolled).to.include({ issued: '100.00', redeemed: '40.00', circulating: '60.00', issuer: 'Bank1MSP' });
        expect(corridor.ledger.entries('\u0000corridor.supply-delta\u0000')).to.have.length(0);
        expect(corridor.ledger.events.at(-1)?.name).to.equal('SupplyRolledUp');
        await corridor.topUp(alice, '1.00');
        const after = await corridor.evaluate('RegulatorMSP', (ctx) => corridor.accounts.GetSupply(ctx, 'EUR'));
        expect(after).to.include({ issued: '101.00', redeemed: '40.00', circulating: '61.00' });
        expect(before).to.include({ circulating: '60.00' });
        await expectCode(corridor.submit('Bank2MSP', (ctx) => corridor.accounts.RollUpSupply(ctx, 'EUR')), 'UNAUTHORIZED');
        await expectCode(corridor.submit('Bank2MSP', (ctx) => corridor.accounts.RollUpSupply(ctx, 'USD')), 'NOT_FOUND');
        // One record with deltas on top (EUR) and deltas alone (USD) in one list.
        await corridor.topUp(await corridor.openHolder('Bank2MSP'), '5.00', 'USD');
        const listed = await corridor.evaluate<Array<Record<string, unknown>>>('RegulatorMSP', (ctx) => corridor.accounts.ListSupply(ctx));
        expect(listed.map(({ currency, issuer, circulating }) => ({ currency, issuer, circulating }))).to.deep.equal([
            { currency: 'EUR', issuer: 'Bank1MSP', circulating: '61.00' },
            { currency: 'USD', issuer: 'Bank2MSP', circulating: '5.00' },
        ]);
    });

    it('when pending credits are rolled up, then the balance is unchanged and the credit entries are gone', async () => {
        await corridor.topUp(alice, '1.00');
        await corridor.topUp(alice, '2.00');
        expect((await corridor.evaluate<Array<{ pendingCredits: number }>>('Bank1MSP', (ctx) => corridor.accounts.GetBalances(ctx, alice.address)))[0]?.pendingCredits).to.equal(2);
        const rolled = await corridor.submit('Bank1MSP', (ctx) => corridor.accounts.RollUpCredits(ctx, alice.address, 'EUR'));
        expect(rolled).to.include({ available: '3.00', reserved: '0.00' });
        expect(corridor.ledger.events.at(-1)?.name).to.equal('CreditsRolledUp');
        const [view] = await corridor.evaluate<Array<{ pendingCredits: number; available: string }>>('Bank1MSP', (ctx) => corridor.accounts.GetBalances(ctx, alice.address));
        expect(view).to.include({ pendingCredits: 0, available: '3.00' });
        await expectCode(corridor.submit('Bank2MSP', (ctx) => corridor.accounts.RollUpCredits(ctx, alice.address, 'EUR')), 'UNAUTHORIZED');
    });

    it('when the history of an account is paged, then pages follow in time order up to the page size', async () => {
        const bob = await corridor.openHolder('Bank2MSP');
        await corridor.topUp(alice, '50.00');
        for (let index = 0; index < 4; index += 1) {
            corridor.advance(1);
            await corridor.pay(alice, bob, '1.00');
        }
        const seen: string[] = [];
        let bookmark = '';
        let pages = 0;
        do {
            const page = await corridor.evaluate<{ entries: Array<{ kind: string; status: string }>; bookmark: string }>('RegulatorMSP', (ctx) =>
                corridor.accounts.GetAccountHistory(ctx, alice.address, '2', bookmark),
            );
            expect(page.entries.length).to.be.at.most(2);
            seen.push(...page.entries.map((entry) => `${entry.kind}:${entry.status}`));
            bookmark = page.bookmark;
            pages += 1;
        } while (bookmark !== '' && pages < 10);
        expect(seen).to.deep.equal(['top-up:settled', 'payment:settled', 'payment:settled', 'payment:settled', 'payment:settled']);
        for (const size of ['0', '101', 'x']) {
            await expectCode(corridor.evaluate('RegulatorMSP', (ctx) => corridor.accounts.GetAccountHistory(ctx, alice.address, size, '')), 'INVALID_ARGUMENT');
        }
        expect((await corridor.evaluate<{ entries: unknown[] }>('RegulatorMSP', (ctx) => corridor.accounts.GetAccountHistory(ctx, alice.address, '100', ''))).entries).to.have.length(5);
    });

    it('when an unknown account is read, then ACCOUNT_NOT_FOUND', async () => {
        const { publicKeyPem } = newKeyPair('ed25519');
        const other = await Corridor.founded();
        const stranger = await other.submit('Bank1MSP', (ctx) => other.accounts.OpenAccount(ctx, JSON.stringify({ publicKey: publicKeyPem, holderRef: sha256('s'), kycTier: 1 })));
        await expectCode(corridor.evaluate('Bank1MSP', (ctx) => corridor.accounts.GetAccount(ctx, stranger.address as string)), 'ACCOUNT_NOT_FOUND');
        await expectCode(corridor.evaluate('Bank1MSP', (ctx) => corridor.accounts.GetBalances(ctx, 'cx00')), 'INVALID_ADDRESS');
    });
});
