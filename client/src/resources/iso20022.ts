import { parseIsoMessage, type IsoMessage } from '../iso20022.js';
import type { Transport } from '../transport.js';
import { gatewayObject, path, type WriteOptions } from './calls.js';

/** `header: true` asks for the message in an envelope with its business application header (head.001). */
export interface MessageOptions {
    header?: boolean;
}

/** The result of a pain.001: one entry per credit transfer it held. */
export type Pain001Result = Record<string, unknown>;

/**
 * ISO 20022 over the gateway: a customer credit transfer initiation (pain.001) in, and
 * the messages of a payment, a refund and an account out, as XML or parsed.
 */
export class Iso20022 {
    constructor(private readonly t: Transport) {}

    /** Submits a pain.001 document (the XML text); retried with one Idempotency-Key like any write. */
    async submitPain001(xml: string, options: WriteOptions = {}): Promise<Pain001Result> {
        return gatewayObject<Pain001Result>(await this.t.json('POST', '/v1/iso20022/pain.001', { body: xml, contentType: 'application/xml', ...options }));
    }

    pacs008(paymentId: string, options: MessageOptions = {}): Promise<string> {
        return this.xml(`${path`/v1/payments/${paymentId}`}/pacs.008`, {}, options);
    }

    pacs002(paymentId: string, options: MessageOptions = {}): Promise<string> {
        return this.xml(`${path`/v1/payments/${paymentId}`}/pacs.002`, {}, options);
    }

    /** The debit or credit notification; `account` picks the side when both are the bank's. */
    camt054(paymentId: string, account?: string, options: MessageOptions = {}): Promise<string> {
        return this.xml(`${path`/v1/payments/${paymentId}`}/camt.054`, { account }, options);
    }

    /** The notification of any booked movement of an account (top-up, withdrawal, refund), by its history entry. */
    entryCamt054(address: string, entry: string, options: MessageOptions = {}): Promise<string> {
        return this.xml(`${path`/v1/accounts/${address}`}/camt.054`, { entry }, options);
    }

    pacs004(refundId: string, options: MessageOptions = {}): Promise<string> {
        return this.xml(`${path`/v1/refunds/${refundId}`}/pacs.004`, {}, options);
    }

    camt053(address: string, from?: string, to?: string, options: MessageOptions = {}): Promise<string> {
        return this.xml(`${path`/v1/accounts/${address}`}/camt.053`, { from, to }, options);
    }

    /** The intraday report: booked so far today (or since `from`), held payments as pending. */
    camt052(address: string, from?: string, options: MessageOptions = {}): Promise<string> {
        return this.xml(`${path`/v1/accounts/${address}`}/camt.052`, { from }, options);
    }

    /** Any of the above, parsed: `client.iso20022.parsed(c => c.pacs008(id))`. */
    async parsed(fetchXml: (iso: this) => Promise<string>): Promise<IsoMessage> {
        return parseIsoMessage(await fetchXml(this));
    }

    private async xml(target: string, query: Record<string, string | undefined>, options: MessageOptions): Promise<string> {
        const body = await this.t.json('GET', target, { query: { ...query, header: options.header === true ? 'true' : undefined } });
        return String(body);
    }
}
