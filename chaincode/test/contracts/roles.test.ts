import 'reflect-metadata';
import { expect } from 'chai';
import { Contract } from 'fabric-contract-api';
import { AccountsContract } from '../../src/contracts/accounts-contract';
import { ComplianceContract } from '../../src/contracts/compliance-contract';
import { FxContract } from '../../src/contracts/fx-contract';
import { MembersContract } from '../../src/contracts/members-contract';
import { NoticeContract } from '../../src/contracts/notice-contract';
import { PaymentsContract } from '../../src/contracts/payments-contract';
import { LEDGER_ROLES } from '../../src/contracts/tx-context';
import { Corridor, expectCode, FOUNDERS, newKeyPair, sha256 } from '../support/corridor-fixture';
import { MemoryLedger, TestIdentity } from '../support/memory-ledger';

type Invoke = (...args: unknown[]) => Promise<string>;

/** Every transaction the contract submits (not the evaluated queries), from its Fabric metadata. */
function submitTransactions(contract: Contract): string[] {
    const transactions = Reflect.getMetadata('fabric:transactions', contract) as Array<{ name: string; tag: string[] }>;
    return transactions.filter((transaction) => transaction.tag.includes('SUBMIT')).map((transaction) => transaction.name);
}

const CONTRACTS: Contract[] = [new AccountsContract(), new PaymentsContract(), new FxContract(), new ComplianceContract(), new MembersContract(), new NoticeContract()];

describe('roles from the submitting certificate', () => {
    describe('every submitted transaction of every contract', () => {
        for (const contract of CONTRACTS) {
            for (const name of submitTransactions(contract)) {
                it(`${contract.getName()}:${name} refuses a bank identity whose certificate carries no role, before reading anything`, async () => {
                    const ledger = new MemoryLedger();
                    const tx = ledger.begin({ msp: 'Bank1MSP', roles: null, ou: 'client' });
                    const invoke = (contract as unknown as Record<string, Invoke>)[name] as Invoke;
                    await expectCode(invoke.call(contract, tx.ctx, '{}', '{}', '{}'), 'UNAUTHORIZED');
                    expect(tx.reads.size, 'reads').to.equal(0);
                    expect(tx.writes.size, 'writes').to.equal(0);
                });
            }
        }
    });

    describe('on a founded ledger', () => {
        let corridor: Corridor;
        const only = (...roles: string[]): TestIdentity => ({ msp: 'Bank1MSP', roles: roles.join(','), ou: 'client' });

        beforeEach(async () => {
            corridor = await Corridor.founded();
        });

        it('when an identity holds only the payments role, then it opens an account but may not mint, vote or review', async () => {
            const { publicKeyPem } = newKeyPair('ed25519');
            const holder = JSON.parse(await corridor.ledger.submit(only('payments'), (ctx) =>
                corridor.accounts.OpenAccount(ctx, JSON.stringify({ publicKey: publicKeyPem, holderRef: sha256('role-holder'), kycTier: 1 })),
            )) as { address: string; bank: string };
            expect(holder.bank).to.equal('Bank1MSP');
            const mint = corridor.ledger.submit(only('payments'), (ctx) =>
                corridor.accounts.Mint(ctx, JSON.stringify({ reference: 'ft-role', address: holder.address, currency: 'EUR', amount: '5.00' })),
            );
            expect(await expectCode(mint, 'UNAUTHORIZED')).to.include('lacks the treasury role');
            const vote = corridor.ledger.submit(only('payments', 'treasury'), (ctx) => corridor.members.ApproveProposal(ctx, 'p-1'));
            expect(await expectCode(vote, 'UNAUTHORIZED')).to.include('lacks the governance role');
            const review = corridor.ledger.submit(only('payments'), (ctx) =>
                corridor.compliance.ReviewPayment(ctx, JSON.stringify({ paymentId: 'p-1', action: 'release', reason: 'ok' })),
            );
            expect(await expectCode(review, 'UNAUTHORIZED')).to.include('lacks the compliance role');
            const balances = await corridor.evaluate<unknown[]>('RegulatorMSP', (ctx) => corridor.accounts.GetBalances(ctx, holder.address));
            expect(balances).to.deep.equal([]);
        });

        it('when an identity holds the treasury role among others, then it mints', async () => {
            const holder = await corridor.openHolder('Bank1MSP');
            await corridor.ledger.submit(only('payments', ' treasury'), (ctx) =>
                corridor.accounts.Mint(ctx, JSON.stringify({ reference: 'ft-role', address: holder.address, currency: 'EUR', amount: '5.00' })),
            );
            expect((await corridor.balance(holder)).available).to.equal('5.00');
        });

        it('when the regulator holds every role, then it is still read-only', async () => {
            const publish = corridor.ledger.submit({ msp: 'RegulatorMSP', roles: LEDGER_ROLES.join(',') }, (ctx) => new NoticeContract().Publish(ctx, '{}'));
            expect(await expectCode(publish, 'UNAUTHORIZED')).to.include('read-only access');
        });
    });

    it('when a client identity (not the admin OU) tries to found the consortium, then UNAUTHORIZED and nothing is written', async () => {
        const ledger = new MemoryLedger();
        const tx = ledger.begin({ msp: 'Bank1MSP', ou: 'client' });
        await expectCode(new MembersContract().InitConsortium(tx.ctx, JSON.stringify({ members: FOUNDERS })), 'UNAUTHORIZED');
        expect(tx.writes.size).to.equal(0);
    });
});
