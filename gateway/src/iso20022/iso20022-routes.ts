import express, { type Request, type Response } from 'express';
import Joi from 'joi';
import { AppError } from '../errors';
import type { Ledger } from '../fabric/ledger-client';
import type { Principal } from '../http/auth';
import { address, ledgerId } from '../http/ledger-params';
import type { Route } from '../http/routes';
import { validate } from '../http/validate';
import { payInitiation } from './initiation-service';
import { readAccountLedger, readBanks, readPayment, readRefund, type AccountLedger } from './ledger-records';
import type { BankDirectory, PaymentRecord } from './message-parts';
import { notifiedAccount, requireVisible, type Viewer } from './message-access';
import { pendingEntries, statementInputs, type StatementRange } from './ledger-statement';
import { readCreditTransferInitiation } from './pain001';
import { buildNotification, buildPacs008, buildPaymentStatus } from './payment-messages';
import { buildPacs004 } from './return-message';
import { buildPain002 } from './status-report';
import { buildEntryNotification } from './entry-notification';
import { buildIntradayReport, buildStatement } from './statement-message';
import { withHeader } from './business-header';
import { MAX_XML_BYTES, type MessageType, type UncheckedType } from './xml-document';
import { inclusiveRange } from '../queries/time-range';
import { ISO_INSTANT } from '@corridor/chaincode/api';

/**
 * ISO 20022 over HTTP: a pain.001 in, paid item by item; pacs.008, pacs.002, pacs.004,
 * camt.054 and camt.053 out, built from what the ledger holds. The routes parse and
 * serialise; the messages are read and written in this folder's message modules only.
 */

export const XML_TYPES = ['application/xml', 'text/xml'];

/** Routes whose body is an XML document, read by `readXmlBody` and never by the app's JSON parser. */
const XML_BODY_PATHS = new Set(['/v1/iso20022/pain.001']);

/** Matched the way Express routes (case-insensitive, an optional trailing slash). */
export function takesXmlBody(path: string): boolean {
    return XML_BODY_PATHS.has(path.toLowerCase().replace(/\/$/, ''));
}
const readRaw = express.raw({ type: XML_TYPES, limit: MAX_XML_BYTES, inflate: false });

/**
 * Reads the request body as XML, before anything else sees it: a Buffer of at most
 * MAX_XML_BYTES (the parser's own limit, so the 413 names it), decoded as strict UTF-8 to
 * a string on req.body. The Idempotency-Key layer runs after this and fingerprints
 * req.body, so a retry is matched on the document itself: the app's JSON parser leaves
 * req.body undefined for XML, and every document would look alike.
 */
async function readXmlBody(req: Request, res: Response): Promise<void> {
    const type = req.is(XML_TYPES);
    if (type === null) {
        throw new AppError('XML_MALFORMED', 'the request has no body; send the pain.001 document', 'Document');
    }
    if (type === false) {
        throw new AppError('VALIDATION_FAILED', `send the pain.001 as ${XML_TYPES.join(' or ')}`, 'Content-Type');
    }
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.get('content-type') ?? '')?.[1];
    if (charset !== undefined && charset.toLowerCase() !== 'utf-8') {
        throw new AppError('VALIDATION_FAILED', 'ISO 20022 messages are accepted in UTF-8 only', 'Content-Type');
    }
    await new Promise<void>((resolve, reject) => {
        readRaw(req, res, (err?: unknown) => {
            if (err === undefined) {
                resolve();
            } else {
                reject(bodyError(err));
            }
        });
    });
    if (!Buffer.isBuffer(req.body)) {
        throw new AppError('XML_MALFORMED', 'the request has no body; send the pain.001 document', 'Document');
    }
    try {
        req.body = new TextDecoder('utf-8', { fatal: true }).decode(req.body);
    } catch {
        throw new AppError('XML_MALFORMED', 'the document is not valid UTF-8', 'Document');
    }
}

function bodyError(err: unknown): Error {
    const type = (err as { type?: string } | null | undefined)?.type;
    if (type === 'entity.too.large') {
        return new AppError('PAYLOAD_TOO_LARGE', `the XML document exceeds ${MAX_XML_BYTES} bytes`, 'Document');
    }
    if (type === 'encoding.unsupported') {
        return new AppError('VALIDATION_FAILED', 'send the document without Content-Encoding', 'Content-Encoding');
    }
    // The body parser's failures are http-errors, always Errors.
    return err instanceof Error ? err : new Error(String(err));
}

/** The XML body is read before the route's other layers (the Idempotency-Key among them). */
function withXmlBody(route: Route): Route {
    return {
        ...route,
        async handle(req, res) {
            await readXmlBody(req, res);
            await route.handle(req, res);
        },
    };
}

function sendXml(res: Response, xml: string): void {
    res.status(200).type('application/xml').send(xml);
}

/** `header=true` asks for the message in an envelope with its business application header; without it, the bare Document. */
const headerParam = Joi.string().valid('true', 'false').messages({ 'any.only': '{{#label}} must be true or false' });

async function sendMessage(res: Response, type: MessageType | UncheckedType, xml: string, header: string | undefined): Promise<void> {
    sendXml(res, header === 'true' ? await withHeader(type, xml) : xml);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const bound = Joi.string()
    .max(30)
    .pattern(new RegExp(`${DATE.source}|${ISO_INSTANT.source}`))
    .messages({ 'string.pattern.base': '{{#label}} must be a date (2026-11-18) or a UTC instant (2026-11-18T10:00:00Z)' });
const statementQuery = Joi.object({ from: bound.required(), to: bound.required(), header: headerParam }).required();
const reportQuery = Joi.object({ from: bound, header: headerParam }).required();

function statementRange(query: { from: string; to: string }): StatementRange {
    return inclusiveRange(query.from, query.to) as StatementRange;
}

const paymentId = ledgerId.required().label('id');
const refundId = ledgerId.required().label('id');
const notificationQuery = Joi.object({ account: address, header: headerParam }).required();
const messageQuery = Joi.object({ header: headerParam }).required();
/** A movement of the account's history: a payment, refund or conversion id, or a top-up's or withdrawal's `issuer:reference`. */
const entryQuery = Joi.object({ entry: Joi.string().pattern(/^[A-Za-z0-9._:-]{1,200}$/).required(), header: headerParam }).required();

/** The ledger account of a signed-in customer; undefined before one is opened. */
export type CustomerAccountOf = (userId: string) => Promise<string | undefined>;

export interface ViewerContext {
    /** The bank this gateway speaks for. */
    mspId: string;
    customerAccount: CustomerAccountOf;
}

async function viewerOf(res: Response, context: ViewerContext): Promise<Viewer> {
    const principal = res.locals.principal as Principal | undefined;
    switch (principal?.role) {
        case 'auditor':
            return { kind: 'all' };
        case 'admin':
            return { kind: 'bank', mspId: context.mspId };
        case 'customer': {
            const own = principal.kind === 'session' ? await context.customerAccount(principal.userId) : undefined;
            if (own === undefined) {
                throw new AppError('NOT_FOUND', 'you have no ledger account yet');
            }
            return { kind: 'account', address: own };
        }
        default:
            // The route guard lets no other role in; refuse rather than guess a scope.
            throw new AppError('FORBIDDEN', 'this role reads no ISO 20022 messages');
    }
}

/**
 * `ledgerWrites` is buildRoutes' Idempotency-Key wrapper: the pain.001 route is wrapped
 * by it and then by the XML body reader, so the key's fingerprint sees the document.
 */
export function iso20022Routes(ledger: Ledger, ledgerWrites: (routes: Route[]) => Route[], context: ViewerContext, now: () => Date = () => new Date()): Route[] {
    const meta = (): { createdAt: string } => ({ createdAt: now().toISOString() });
    const viewer = (res: Response): Promise<Viewer> => viewerOf(res, context);
    const initiation: Route = {
        method: 'post',
        path: '/v1/iso20022/pain.001',
        roles: ['admin'],
        async handle(req, res) {
            let ownBic: string | undefined;
            const receiver = async (): Promise<string | undefined> => (ownBic ??= (await readBanks(ledger)).find(context.mspId)?.bic);
            const message = await readCreditTransferInitiation(req.body as string, receiver);
            const report = await payInitiation(ledger, message);
            const status = buildPain002(report, message.withHeader ? await receiver() : undefined, meta());
            const xml = message.withHeader ? await withHeader('pain.002.001.10', status.xml, { from: await receiver(), to: message.senderBic }) : status.xml;
            res.status(200).json({ ...report, statusReport: { messageType: 'pain.002.001.10', groupStatus: status.groupStatus, withHeader: message.withHeader, xml } });
        },
    };
    /** The payment named by the path, with the member banks, once the viewer may see it. */
    const visiblePayment = async (req: Request, res: Response): Promise<{ payment: PaymentRecord; banks: BankDirectory }> => {
        const id = validate(paymentId, req.params.id);
        const [payment, banks] = await Promise.all([readPayment(ledger, id), readBanks(ledger)]);
        requireVisible(await viewer(res), payment);
        return { payment, banks };
    };
    /** The account's whole ledger and the member banks, once the viewer may state it: the regulator any account, a bank its own. */
    const statedAccount = async (target: string, res: Response): Promise<{ account: AccountLedger; banks: BankDirectory }> => {
        const [account, banks] = await Promise.all([readAccountLedger(ledger, target), readBanks(ledger)]);
        const who = await viewer(res);
        if (who.kind === 'bank' && who.mspId !== account.bank) {
            throw new AppError('FORBIDDEN', `account ${target} is held at ${account.bank}; bank ${who.mspId} states its own accounts`);
        }
        return { account, banks };
    };
    return [
        ...ledgerWrites([initiation]).map(withXmlBody),
        {
            method: 'get',
            path: '/v1/payments/:id/pacs.008',
            roles: ['admin', 'auditor'],
            async handle(req, res) {
                const { header } = validate(messageQuery, { ...req.query }) as { header?: string };
                const { payment, banks } = await visiblePayment(req, res);
                await sendMessage(res, 'pacs.008.001.08', await buildPacs008(payment, banks, meta()), header);
            },
        },
        {
            method: 'get',
            path: '/v1/payments/:id/pacs.002',
            roles: ['admin', 'auditor'],
            async handle(req, res) {
                const { header } = validate(messageQuery, { ...req.query }) as { header?: string };
                const { payment, banks } = await visiblePayment(req, res);
                await sendMessage(res, 'pacs.002.001.10', await buildPaymentStatus(payment, banks, meta()), header);
            },
        },
        {
            method: 'get',
            path: '/v1/payments/:id/camt.054',
            roles: ['admin', 'auditor', 'customer'],
            async handle(req, res) {
                const id = validate(paymentId, req.params.id);
                const { account, header } = validate(notificationQuery, { ...req.query }) as { account?: string; header?: string };
                const who = await viewer(res);
                const [payment, banks] = await Promise.all([readPayment(ledger, id), readBanks(ledger)]);
                await sendMessage(res, 'camt.054.001.08', await buildNotification(payment, notifiedAccount(who, payment, account), banks, meta()), header);
            },
        },
        {
            method: 'get',
            path: '/v1/refunds/:id/pacs.004',
            roles: ['admin', 'auditor'],
            async handle(req, res) {
                const { header } = validate(messageQuery, { ...req.query }) as { header?: string };
                const refund = await readRefund(ledger, validate(refundId, req.params.id));
                const [payment, banks] = await Promise.all([readPayment(ledger, refund.paymentId), readBanks(ledger)]);
                requireVisible(await viewer(res), payment);
                await sendMessage(res, 'pacs.004.001.09', await buildPacs004(refund, payment, banks, meta()), header);
            },
        },
        {
            method: 'get',
            path: '/v1/accounts/:address/camt.054',
            roles: ['admin', 'auditor', 'customer'],
            async handle(req, res) {
                const target = validate(address.required(), req.params.address);
                const { entry, header } = validate(entryQuery, { ...req.query }) as { entry: string; header?: string };
                const who = await viewer(res);
                if (who.kind === 'account' && who.address !== target) {
                    throw new AppError('FORBIDDEN', 'a customer reads the notifications of their own account only');
                }
                const [account, banks] = await Promise.all([readAccountLedger(ledger, target), readBanks(ledger)]);
                if (who.kind === 'bank' && who.mspId !== account.bank) {
                    throw new AppError('FORBIDDEN', `account ${target} is held at ${account.bank}; bank ${who.mspId} notifies its own accounts`);
                }
                await sendMessage(res, 'camt.054.001.08', await buildEntryNotification(target, account, entry, banks.bank(account.bank), meta()), header);
            },
        },
        {
            method: 'get',
            path: '/v1/accounts/:address/camt.052',
            roles: ['admin', 'auditor'],
            async handle(req, res) {
                const target = validate(address.required(), req.params.address);
                const query = validate(reportQuery, { ...req.query }) as { from?: string; header?: string };
                const at = now().toISOString();
                // The report runs to now; it starts at `from`, by default at the start of today (UTC).
                const range = inclusiveRange(query.from ?? at.slice(0, 10), at) as StatementRange;
                const { account, banks } = await statedAccount(target, res);
                const inputs = statementInputs(target, account, range).map((input) => ({ ...input, pending: pendingEntries(account, range, input.currency) }));
                if (inputs.length === 0) {
                    throw new AppError('ISO20022_NOT_APPLICABLE', `account ${target} has never held any currency; there is nothing to report`, 'address');
                }
                await sendMessage(res, 'camt.052.001.08', buildIntradayReport(inputs, banks.find(account.bank), meta()), query.header);
            },
        },
        {
            method: 'get',
            path: '/v1/accounts/:address/camt.053',
            roles: ['admin', 'auditor'],
            async handle(req, res) {
                const target = validate(address.required(), req.params.address);
                const query = validate(statementQuery, { ...req.query }) as { from: string; to: string; header?: string };
                const range = statementRange(query);
                const { account, banks } = await statedAccount(target, res);
                const inputs = statementInputs(target, account, range);
                if (inputs.length === 0) {
                    throw new AppError('ISO20022_NOT_APPLICABLE', `account ${target} has never held any currency; there is nothing to state`, 'address');
                }
                await sendMessage(res, 'camt.053.001.08', await buildStatement(inputs, banks.find(account.bank), meta()), query.header);
            },
        },
    ];
}
