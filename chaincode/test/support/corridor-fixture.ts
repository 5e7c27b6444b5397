import { createHash, generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import { expect } from 'chai';
import { Context } from 'fabric-contract-api';
import { AccountsContract } from '../../src/contracts/accounts-contract';
import { MembersContract } from '../../src/contracts/members-contract';
import { PaymentsContract } from '../../src/contracts/payments-contract';
import { FxContract } from '../../src/contracts/fx-contract';
import { ComplianceContract } from '../../src/contracts/compliance-contract';
import { cancellationBytes, signingBytes } from '../../src/payments/instruction';
import { MemoryLedger } from './memory-ledger';
import { readStoredAmount } from '../../src/core/amount';
import { ERROR_CODES } from '../../src/core/errors';

/**
 * A Corridor ledger for tests: the dev network's members on an in-memory stub, with
 * holders that own real key pairs and sign real instructions.
 */

export const FOUNDERS = [
    { mspId: 'Bank1MSP', legalName: 'Bank One AG', bic: 'BKONDEFF', country: 'DE', role: 'bank', currencies: ['EUR'], fxProvider: true },
    { mspId: 'Bank2MSP', legalName: 'Bank Two Inc', bic: 'BKTWUS33', country: 'US', role: 'bank', currencies: ['USD'], fxProvider: true },
    { mspId: 'Bank3MSP', legalName: 'Bank Three Ltd', bic: 'BKTHCNSH', country: 'CN', role: 'bank', currencies: ['CNY'], fxProvider: false },
    { mspId: 'RegulatorMSP', legalName: 'Corridor Supervisory Authority', bic: 'REGUDEFF', country: 'DE', role: 'regulator', currencies: [], fxProvider: false },
];

export const ISSUER: Readonly<Record<string, string>> = { EUR: 'Bank1MSP', USD: 'Bank2MSP', CNY: 'Bank3MSP' };

export interface Holder {
    address: string;
    bank: string;
    privateKey: KeyObject;
    publicKeyPem: string;
    algorithm: 'ed25519' | 'p256';
    nextSequence: number;
}

export function newKeyPair(algorithm: 'ed25519' | 'p256'): { privateKey: KeyObject; publicKeyPem: string } {
    const pair = algorithm === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    return { privateKey: pair.privateKey, publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

export function signBytes(privateKey: KeyObject, bytes: Uint8Array): string {
    const algorithm = privateKey.asymmetricKeyType === 'ed25519' ? null : 'sha256';
    return sign(algorithm, bytes, privateKey).toString('base64');
}

export function sha256(text: string): string {
    return createHash('sha256').update(text).digest('hex');
}

type Invoke = (ctx: Context) => Promise<string>;

export class Corridor {
    readonly ledger = new MemoryLedger();
    readonly members = new MembersContract();
    readonly accounts = new AccountsContract();
    readonly payments = new PaymentsContract();
    readonly fx = new FxContract();
    readonly compliance = new ComplianceContract();
    private holders = 0;
    private topUps = 0;

    static async founded(): Promise<Corridor> {
        const corridor = new Corridor();
        await corridor.submit('Bank1MSP', (ctx) => corridor.members.InitConsortium(ctx, JSON.stringify({ members: FOUNDERS })));
        return corridor;
    }

    async submit<T = Record<string, unknown>>(msp: string, invoke: Invoke): Promise<T> {
        return JSON.parse(await this.ledger.submit(msp, invoke)) as T;
    }

    async evaluate<T = Record<string, unknown>>(msp: string, invoke: Invoke): Promise<T> {
        return JSON.parse(await this.ledger.evaluate(msp, invoke)) as T;
    }

    /** The current time of the fixed transaction clock, moved by tests. */
    now(): string {
        return new Date(this.ledger.seconds * 1000).toISOString();
    }

    advance(seconds: number): void {
        this.ledger.seconds += seconds;
    }

    async openHolder(bank: string, kycTier = 2, algorithm: 'ed25519' | 'p256' = 'ed25519'): Promise<Holder> {
        const { privateKey, publicKeyPem } = newKeyPair(algorithm);
        this.holders += 1;
        const account = await this.submit(bank, (ctx) =>
            this.accounts.OpenAccount(ctx, JSON.stringify({ publicKey: publicKeyPem, holderRef: sha256(`holder-${this.holders}`), kycTier })),
        );
        return { address: account.address as string, bank, privateKey, publicKeyPem, algorithm, nextSequence: 1 };
    }

    async topUp(holder: Holder, amount: string, currency = 'EUR', reference = `ft-${++this.topUps}`): Promise<Record<string, unknown>> {
        return this.submit(ISSUER[currency] as string, (ctx) =>
            this.accounts.Mint(ctx, JSON.stringify({ reference, address: holder.address, currency, amount })),
        );
    }

    /** A signed instruction from the holder with its next sequence; overrides replace fields before signing. */
    instruction(payer: Holder, payee: Holder | string, amount: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
        const unsigned: Record<string, unknown> = {
            paymentId: `pay-${payer.address.slice(2, 10)}-${payer.nextSequence}`,
            payer: payer.address,
            payee: typeof payee === 'string' ? payee : payee.address,
            amount,
            currency: 'EUR',
            purpose: 'GDDS',
            sequence: payer.nextSequence,
            expiresAt: new Date((this.ledger.seconds + 3600) * 1000).toISOString(),
            ...overrides,
        };
        return { ...unsigned, signature: signBytes(payer.privateKey, signingBytes(unsigned)) };
    }

    async pay(payer: Holder, payee: Holder | string, amount: string, overrides: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
        const instruction = this.instruction(payer, payee, amount, overrides);
        const payment = await this.submit(payer.bank, (ctx) => this.payments.SubmitPayment(ctx, JSON.stringify(instruction)));
        payer.nextSequence += 1;
        return payment;
    }

    cancellation(payer: Holder, paymentId: string): string {
        return JSON.stringify({ paymentId, signature: signBytes(payer.privateKey, cancellationBytes(paymentId)) });
    }

    async balance(holder: Holder, currency = 'EUR'): Promise<{ available: string; reserved: string }> {
        const balances = await this.evaluate<Array<{ currency: string; available: string; reserved: string }>>('RegulatorMSP', (ctx) =>
            this.accounts.GetBalances(ctx, holder.address),
        );
        return balances.find((balance) => balance.currency === currency) ?? { available: '0.00', reserved: '0.00' };
    }
}

/** Asserts the promise fails with the coded error, and returns its message. */
/**
 * Runs one operation of a random workload: true when the ledger accepted it, false when
 * it refused it with one of its coded errors; anything else is a bug and is thrown.
 */
export async function acceptedOrRefused(run: () => Promise<void>): Promise<boolean> {
    try {
        await run();
        return true;
    } catch (err) {
        const code = /^([A-Z_]+): /.exec((err as Error).message)?.[1];
        if (code === undefined || !(ERROR_CODES as readonly string[]).includes(code)) {
            throw err;
        }
        return false;
    }
}

export async function expectCode(promise: Promise<unknown>, code: string, detail = ''): Promise<string> {
    try {
        await promise;
    } catch (err) {
        const message = (err as Error).message;
        expect(message).to.match(new RegExp(`^${code}: .*${detail}`));
        return message;
    }
    return expect.fail(`expected ${code}`);
}

/**
 * Circulating supply per currency read straight from the state: each supply record plus
 * the deltas not rolled up yet (src/ledger/supply.ts), for the conservation checks.
 */
export function circulatingSupply(ledger: MemoryLedger): Map<string, bigint> {
    const circulating = new Map<string, bigint>();
    const add = (currency: string, change: { issued: string; redeemed: string }): void => {
        const net = readStoredAmount(change.issued, currency, 'issued') - readStoredAmount(change.redeemed, currency, 'redeemed');
        circulating.set(currency, (circulating.get(currency) ?? 0n) + net);
    };
    for (const { value } of ledger.entries('\u0000corridor.supply\u0000')) {
        add((value as { currency: string }).currency, value as { issued: string; redeemed: string });
    }
    for (const { key, value } of ledger.entries('\u0000corridor.supply-delta\u0000')) {
        add(key.split('\u0000')[2] as string, value as { issued: string; redeemed: string });
    }
    return circulating;
}

/** A rolled-up balance as stored, wherever it lives: a customer's in its payer state, a liquidity lane in its own key. */
export interface StoredBalanceRow {
    address: string;
    currency: string;
    available: string;
    reserved: string;
}

export function storedBalances(ledger: MemoryLedger): StoredBalanceRow[] {
    const rows = ledger.entries('\u0000corridor.balance\u0000').map(({ value }) => value as StoredBalanceRow);
    for (const { key, value } of ledger.entries('\u0000corridor.payer-state\u0000')) {
        const address = key.split('\u0000')[2] as string;
        for (const [currency, amounts] of Object.entries((value as { balances?: Record<string, { available: string; reserved: string }> }).balances ?? {})) {
            rows.push({ address, currency, ...amounts });
        }
    }
    return rows;
}

/** Currency -> amount, without the zeros: a balance record may be written before anything is minted. */
export function nonZero(amounts: Map<string, bigint>): Record<string, bigint> {
    return Object.fromEntries([...amounts].filter(([, amount]) => amount !== 0n));
}
