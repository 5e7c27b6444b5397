import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'chai';
import { TRANSACTIONS } from '../../src/api';
import { Corridor, expectCode, Holder } from '../support/corridor-fixture';

describe('@corridor/chaincode/api', () => {
    it('when the api is loaded in a process of its own, then no fabric-shim or fabric-contract-api module is loaded', () => {
        const api = join(__dirname, '..', '..', 'src', 'api', 'index.js');
        const script = `require(${JSON.stringify(api)}); console.log(Object.keys(require.cache).filter((k) => /node_modules[\\\\/]fabric-(shim|contract-api|shim-api)[\\\\/]/.test(k)).length)`;
        expect(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim()).to.equal('0');
    });

    it('when the transactions are listed, then every name is Contract:Function and none repeats', () => {
        const names = Object.values(TRANSACTIONS).flatMap((group) => Object.values(group).map((tx) => tx.name));
        expect(names.length).to.be.greaterThan(50);
        expect(new Set(names).size).to.equal(names.length);
        for (const name of names) {
            expect(name).to.match(/^(Accounts|Payments|Fx|Members|Compliance|Notice|Bench):[A-Z][A-Za-z]+$/);
        }
    });

    describe('against the ledger', () => {
        let corridor: Corridor;
        let alice: Holder;
        let bob: Holder;

        beforeEach(async () => {
            corridor = await Corridor.founded();
            alice = await corridor.openHolder('Bank1MSP');
            bob = await corridor.openHolder('Bank2MSP');
            await corridor.topUp(alice, '100.00');
        });

        it('when a payment is submitted with the api\'s arguments, then its decoder reads the chaincode\'s answer', async () => {
            const submit = TRANSACTIONS.payments.submit;
            const instruction = corridor.instruction(alice, bob, '10.00') as unknown as Parameters<typeof submit.args>[0];
            const answer = await corridor.ledger.submit('Bank1MSP', (ctx) => corridor.payments.SubmitPayment(ctx, ...(submit.args(instruction) as [string])));
            expect(submit.decode(answer)).to.include({ status: 'settled', amount: '10.00' });
            const account = TRANSACTIONS.accounts.get.decode(await corridor.ledger.evaluate('Bank1MSP', (ctx) => corridor.accounts.GetAccount(ctx, alice.address)));
            expect(account.nextSequence).to.equal(2);
            const history = TRANSACTIONS.accounts.history.decode(await corridor.ledger.evaluate('Bank1MSP', (ctx) => corridor.accounts.GetAccountHistory(ctx, alice.address, '10', '')));
            expect(history.entries.map((entry) => entry.status)).to.include('settled');
            const members = TRANSACTIONS.members.list.decode(await corridor.ledger.evaluate('Bank1MSP', (ctx) => corridor.members.ListMembers(ctx)));
            expect(members.map((member) => member.mspId)).to.include('RegulatorMSP');
        });

        it('when an answer has another shape than the contract says, then the decoder refuses it with STORED_RECORD_INVALID', async () => {
            const payment = JSON.parse(JSON.stringify(await corridor.pay(alice, bob, '10.00'))) as Record<string, unknown>;
            await expectCode(Promise.resolve().then(() => TRANSACTIONS.payments.get.decode(JSON.stringify({ ...payment, status: 'paid' }))), 'STORED_RECORD_INVALID', 'answer of Payments:GetPayment');
            await expectCode(Promise.resolve().then(() => TRANSACTIONS.payments.get.decode('not json')), 'STORED_RECORD_INVALID');
            await expectCode(Promise.resolve().then(() => TRANSACTIONS.accounts.balances.decode('{}')), 'STORED_RECORD_INVALID');
        });
    });
});
