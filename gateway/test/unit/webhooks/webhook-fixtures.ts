import { randomBytes } from 'node:crypto';
import { Registry } from 'prom-client';
import winston from 'winston';
import { SqlIndexStore } from '../../../src/index/sql-index-store';
import type { IndexedBlock } from '../../../src/index/index-model';
import type { Clock } from '../../../src/security/clock';
import { EnvelopeCipher } from '../../../src/security/envelope-cipher';
import { openSqlDriver } from '../../../src/sql/open-driver';
import type { Sender } from '../../../src/webhooks/delivery-worker';
import { openWebhookModule, type WebhookModule } from '../../../src/webhooks/webhook-module';
import type { WebhookSettings } from '../../../src/webhooks/webhook-settings';

export const BANK = 'Bank1MSP';
export const OTHER = 'Bank2MSP';
export const PAYER = 'cx' + 'a'.repeat(48);
export const PAYEE = 'cx' + 'b'.repeat(48);

export const TEST_SETTINGS: WebhookSettings = {
    allowHttpLoopback: true,
    retry: { baseMs: 1_000, capMs: 60_000, maxAttempts: 3 },
    rotationOverlapSeconds: 86_400,
    timeoutMs: 1_000,
    pollMs: 60_000,
    quoteLeadSeconds: 60,
    concurrency: 4,
};

/** A clock a test moves by hand. */
export class TestClock implements Clock {
    constructor(private at = new Date('2026-03-01T10:00:00.000Z')) {}

    now(): Date {
        return new Date(this.at);
    }

    advance(ms: number): void {
        this.at = new Date(this.at.getTime() + ms);
    }
}

export interface WebhookHarness {
    index: SqlIndexStore;
    module: WebhookModule;
    clock: TestClock;
    registry: Registry;
}

/** The index and the webhook module on one fresh database, as main.ts wires them; `send` stands in for the network. */
export async function webhookHarness(location = ':memory:', send: Sender = () => Promise.resolve(200), settings: Partial<WebhookSettings> = {}): Promise<WebhookHarness> {
    const index = new SqlIndexStore(openSqlDriver(location));
    await index.migrate();
    const clock = new TestClock();
    const registry = new Registry();
    const module = await openWebhookModule({
        index,
        bank: BANK,
        cipher: new EnvelopeCipher(randomBytes(32)),
        settings: { ...TEST_SETTINGS, ...settings },
        registry,
        logger: winston.createLogger({ silent: true }),
        clock,
        send,
    });
    await index.applyBlock(funding());
    return { index, module, clock, registry };
}

/** Block 0: money for the fixtures' payer and payee and EUR liquidity for the providers, so the index books their payments. */
export function funding(): IndexedBlock {
    const time = '2026-03-01T09:00:00.000Z';
    const mint = (address: string, issuer: string, reference: string): { name: string; payload: Record<string, unknown>; txId: string } => ({
        txId: `fund-${reference}`,
        name: 'CurrencyMinted',
        payload: { address, issuer, currency: 'USD', amount: '1000000.00', reference, time },
    });
    const fund = (provider: string): { name: string; payload: Record<string, unknown>; txId: string } => ({
        txId: `fund-${provider}`,
        name: 'LiquidityFunded',
        payload: { provider, by: provider, currency: 'EUR', amount: '1000000.00', reference: `fund-${provider}`, time },
    });
    return block(0n, mint(PAYER, BANK, 'mint-payer'), mint(PAYEE, OTHER, 'mint-payee'), fund(BANK), fund('FxMSP'));
}

/** Block `number` with one valid transaction per event. */
export function block(number: bigint, ...events: { name: string; payload: Record<string, unknown>; txId?: string }[]): IndexedBlock {
    return {
        number,
        hash: `h${number}`,
        previousHash: `h${number - 1n}`,
        dataHash: `d${number}`,
        transactions: events.map((event, index) => ({
            index,
            txId: event.txId ?? `tx-${number}-${index}`,
            valid: true,
            validationCode: 'VALID',
            time: '2026-03-01T10:00:00.000Z',
            events: [{ name: event.name, payload: event.payload }],
        })),
    };
}

/** A payment event's payload as the chaincode emits it (payments.ts paymentEvent). */
export function paymentPayload(fields: Partial<Record<string, unknown>> & { paymentId: string; txId: string }): Record<string, unknown> {
    return {
        paymentTxId: fields.txId,
        time: '2026-03-01T10:00:00.000Z',
        payer: PAYER,
        payee: PAYEE,
        payerBank: BANK,
        payeeBank: OTHER,
        amount: '10.00',
        currency: 'USD',
        status: 'settled',
        refunded: '0.00',
        ...fields,
    };
}
