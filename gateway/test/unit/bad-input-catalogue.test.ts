import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import type express from 'express';
import sinon from 'sinon';
import request from 'supertest';
import type { ErrorCode } from '../../src/errors';
import type { Role } from '../../src/http/auth';
import { SqlIndexStore } from '../../src/index/sql-index-store';
import { SqliteDriver } from '../../src/sql/sqlite-driver';
import { MAX_XML_BYTES } from '../../src/iso20022/xml-document';
import { createQueryModule } from '../../src/queries/query-module';
import { openIdempotencyStore, type SqlIdempotencyStore } from '../../src/submissions/idempotency-store';
import { bearer, stubLedger, testApp, type LedgerStub } from '../support/test-app';
import { canonicalize } from '@corridor/chaincode/api';
import { paymentRecord } from '../support/ledger-records';
import type { TestCustomers } from './customers/customer-fixtures';
import { pain001, wallet } from './iso20022/pain001-fixture';

/**
 * Issue 5's bad-input catalogue: one named row per way a client can get a request wrong,
 * across every route family. Each row must end in the 4xx it names, as problem+json with
 * the stable code and a message naming the field or element, and must write nothing: no
 * ledger submission, no transaction remembered by the Idempotency-Key layer, no new row
 * in the customers store or the index.
 */

type Method = 'get' | 'post' | 'put';

interface BadInput {
    name: string;
    method: Method;
    path: string;
    /** Who calls; 'public' sends no Authorization header. */
    as?: Role | 'public';
    /** An object is sent as JSON; a string is sent as it is, with `type`. */
    body?: unknown;
    type?: string;
    /** The Idempotency-Key header: a fresh valid key when absent, none when null. */
    key?: string | null;
    /** Requests sent first, with the same key, whose answers are not checked. */
    before?: { body: unknown }[];
    status: number;
    code: ErrorCode;
    /** What the message (detail or field) must name. */
    names: RegExp;
    /** A known bug owned by another helper: reported, not asserted as passing. */
    pending?: string;
}

const A = 'cx' + 'a'.repeat(48);
const B = 'cx' + 'b'.repeat(48);
const SHA = 'e'.repeat(64);

const payment = {
    paymentId: 'pay-1',
    payer: A,
    payee: B,
    amount: '10.00',
    currency: 'USD',
    purpose: 'OTHR',
    sequence: 1,
    expiresAt: '2030-01-01T00:00:00Z',
    signature: 'c2lnbmF0dXJl',
};
const refund = { refundId: 'ref-1', paymentId: 'pay-1', amount: '1.00', reason: 'duplicate', evidenceRef: SHA };
const account = { publicKey: 'k'.repeat(80), holderRef: SHA, kycTier: 1 };
const movement = { reference: 'wire-1', address: A, currency: 'USD', amount: '5.00' };
const quote = { quoteId: 'q-1', payer: A, provider: 'FxProvider1MSP', sourceCurrency: 'USD', targetCurrency: 'EUR', sourceAmount: '10.00', lifetimeSeconds: 60 };
const rate = { id: 'r-1', base: 'USD', quote: 'EUR', bid: '920000', ask: '930000', validFrom: '2026-01-01T00:00:00Z', validUntil: '2026-01-02T00:00:00Z' };
const registration = {
    phone: '+14155550100',
    email: 'new.customer@corridor.example',
    name: 'New Customer',
    password: 'a long enough passphrase 42',
    agreements: { userServiceAgreement: '2026-01', privacyPolicy: '2026-01' },
    verifyBy: 'email',
};

const myQuote = { quoteId: 'q-1', sourceCurrency: 'USD', targetCurrency: 'EUR', sourceAmount: '10.00' };
const myRefund = { refundId: 'ref-1', paymentId: 'pay-1', amount: '1.00', reason: 'duplicate' };
const pay = (change: Record<string, unknown>): Record<string, unknown> => ({ ...payment, ...change });
const without = (body: Record<string, unknown>, field: string): Record<string, unknown> => Object.fromEntries(Object.entries(body).filter(([name]) => name !== field));
const post = (path: string, body: unknown, rest: Omit<BadInput, 'name' | 'method' | 'path' | 'body'>): Omit<BadInput, 'name'> => ({ method: 'post', path, body, ...rest });
const get = (path: string, rest: Omit<BadInput, 'name' | 'method' | 'path'>): Omit<BadInput, 'name'> => ({ method: 'get', path, ...rest });
const invalid = (names: RegExp): Pick<BadInput, 'status' | 'code' | 'names'> => ({ status: 400, code: 'VALIDATION_FAILED', names });

const payer = wallet('catalogue-payer');
const payee = wallet('catalogue-payee');
const validPain001 = pain001([{ id: 'BLOCK-A', payer, items: [{ endToEndId: 'E2E-1', payee: payee.address, amount: '1.00', currency: 'EUR', sequence: 1 }] }]);
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const BILLION_LAUGHS =
    XML_HEAD +
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>' +
    '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn><GrpHdr><MsgId>&lol3;</MsgId></GrpHdr></CstmrCdtTrfInitn></Document>';
const XXE = XML_HEAD + '<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Document><MsgId>&xxe;</MsgId></Document>';
const xml = (document: string, rest: Partial<BadInput> = {}): Omit<BadInput, 'name'> =>
    ({ method: 'post', path: '/v1/iso20022/pain.001', body: document, type: 'application/xml', status: 400, code: 'XML_MALFORMED', names: /Document/, ...rest });

const CATALOGUE: BadInput[] = [
    // Payments: types, presence, extra keys, prototype pollution.
    { name: 'payment: amount as a JSON number', ...post('/v1/payments', pay({ amount: 10 }), invalid(/amount/)) },
    { name: 'payment: payee missing', ...post('/v1/payments', without(payment, 'payee'), invalid(/payee/)) },
    { name: 'payment: signature missing', ...post('/v1/payments', without(payment, 'signature'), invalid(/signature/)) },
    { name: 'payment: an unknown extra field', ...post('/v1/payments', pay({ fee: '1.00' }), invalid(/fee/)) },
    { name: 'payment: a __proto__ key (prototype pollution)', ...post('/v1/payments', `{"__proto__":{"admin":true},${JSON.stringify(payment).slice(1)}`, { type: 'application/json', ...invalid(/__proto__/) }) },
    { name: 'payment: a constructor.prototype key', ...post('/v1/payments', pay({ constructor: { prototype: { admin: true } } }), invalid(/constructor/)) },
    { name: 'payment: body is a JSON array', ...post('/v1/payments', [payment], invalid(/object|body/)) },
    { name: 'payment: malformed JSON', ...post('/v1/payments', '{"paymentId": "pay-1",', { type: 'application/json', ...invalid(/JSON/) }) },
    { name: 'payment: JSON null at the top level', ...post('/v1/payments', 'null', { type: 'application/json', ...invalid(/JSON/) }) },
    { name: 'payment: wrong content type (text/plain)', ...post('/v1/payments', JSON.stringify(payment), { type: 'text/plain', ...invalid(/application\/json/) }) },
    { name: 'payment: body over the 64 KiB limit', ...post('/v1/payments', pay({ reference: 'x'.repeat(70 * 1024) }), { status: 413, code: 'PAYLOAD_TOO_LARGE', names: /body/ }) },
    // Payments: amounts.
    { name: 'payment: negative amount', ...post('/v1/payments', pay({ amount: '-5.00' }), invalid(/amount/)) },
    { name: 'payment: zero amount', ...post('/v1/payments', pay({ amount: '0.00' }), invalid(/amount.*greater than zero/)) },
    { name: 'payment: more decimals than USD has', ...post('/v1/payments', pay({ amount: '10.123' }), { status: 400, code: 'AMOUNT_TOO_PRECISE', names: /amount/ }) },
    { name: 'payment: more than four decimals', ...post('/v1/payments', pay({ amount: '1.00001' }), invalid(/amount/)) },
    { name: 'payment: amount above the ledger maximum', ...post('/v1/payments', pay({ amount: '99999999999999999999' }), { status: 400, code: 'AMOUNT_TOO_LARGE', names: /amount/ }) },
    { name: 'payment: amount in exponent notation', ...post('/v1/payments', pay({ amount: '1e5' }), invalid(/amount/)) },
    { name: 'payment: amount with a decimal comma', ...post('/v1/payments', pay({ amount: '10,50' }), invalid(/amount/)) },
    { name: 'payment: amount with full-width digits', ...post('/v1/payments', pay({ amount: '１０.００' }), invalid(/amount/)) },
    { name: 'payment: unknown currency XYZ', ...post('/v1/payments', pay({ currency: 'XYZ' }), { status: 400, code: 'UNSUPPORTED_CURRENCY', names: /currency/ }) },
    { name: 'payment: lowercase currency', ...post('/v1/payments', pay({ currency: 'usd' }), invalid(/currency/)) },
    { name: 'payment: unknown target currency', ...post('/v1/payments', pay({ targetCurrency: 'ABC' }), { status: 400, code: 'UNSUPPORTED_CURRENCY', names: /targetCurrency/ }) },
    // Payments: addresses, ids and the other fields.
    { name: 'payment: payer address in uppercase hex', ...post('/v1/payments', pay({ payer: 'cx' + 'A'.repeat(48) }), invalid(/payer/)) },
    { name: 'payment: payer address one digit short', ...post('/v1/payments', pay({ payer: A.slice(0, -1) }), invalid(/payer/)) },
    { name: 'payment: payee with a Cyrillic homoglyph prefix', ...post('/v1/payments', pay({ payee: '\u0441x' + 'b'.repeat(48) }), invalid(/payee/)) },
    { name: 'payment: payee with a zero-width space', ...post('/v1/payments', pay({ payee: B.slice(0, 10) + '\u200b' + B.slice(10) }), invalid(/payee/)) },
    { name: 'payment: paymentId with a right-to-left override', ...post('/v1/payments', pay({ paymentId: 'pay\u202E1-yap' }), invalid(/paymentId/)) },
    { name: 'payment: paymentId of 65 characters', ...post('/v1/payments', pay({ paymentId: 'p'.repeat(65) }), invalid(/paymentId/)) },
    { name: 'payment: sequence as a string', ...post('/v1/payments', pay({ sequence: '1' }), invalid(/sequence/)) },
    { name: 'payment: sequence zero', ...post('/v1/payments', pay({ sequence: 0 }), invalid(/sequence/)) },
    { name: 'payment: sequence fractional', ...post('/v1/payments', pay({ sequence: 1.5 }), invalid(/sequence/)) },
    { name: 'payment: sequence beyond 2^53', ...post('/v1/payments', pay({ sequence: 2 ** 60 }), invalid(/sequence/)) },
    { name: 'payment: expiresAt without a zone', ...post('/v1/payments', pay({ expiresAt: '2030-01-01T00:00:00' }), invalid(/expiresAt/)) },
    { name: 'payment: purpose in lowercase', ...post('/v1/payments', pay({ purpose: 'othr' }), invalid(/purpose/)) },
    { name: 'payment: reference over 140 characters', ...post('/v1/payments', pay({ reference: 'r'.repeat(141) }), invalid(/reference/)) },
    { name: 'payment: hold as the string "true"', ...post('/v1/payments', pay({ hold: 'true' }), invalid(/hold/)) },
    // Idempotency-Key.
    { name: 'payment: no Idempotency-Key', ...post('/v1/payments', payment, { key: null, ...invalid(/Idempotency-Key/) }) },
    { name: 'payment: Idempotency-Key of 3 characters', ...post('/v1/payments', payment, { key: 'abc', ...invalid(/Idempotency-Key/) }) },
    { name: 'payment: Idempotency-Key with spaces', ...post('/v1/payments', payment, { key: 'key with spaces 123', ...invalid(/Idempotency-Key/) }) },
    {
        name: 'payment: Idempotency-Key reused for another body',
        ...post('/v1/payments', pay({ amount: '-2.00' }), { key: 'reused-key-0001', before: [{ body: pay({ amount: '-1.00' }) }], status: 422, code: 'IDEMPOTENCY_KEY_REUSED', names: /Idempotency-Key/ }),
    },
    // Payment actions and refunds.
    { name: 'payment settle: id with a space in the path', ...post('/v1/payments/pay%201/settle', undefined, invalid(/\bid\b/)) },
    { name: 'payment reject: reason missing', ...post('/v1/payments/pay-1/reject', {}, invalid(/reason/)) },
    { name: 'payment reject: reason of blanks only', ...post('/v1/payments/pay-1/reject', { reason: '   ' }, invalid(/reason/)) },
    { name: 'payment cancel: signature as an object', ...post('/v1/payments/pay-1/cancel', { signature: { r: 1 } }, invalid(/signature/)) },
    { name: 'payment get: id with a quote (injection)', ...get("/v1/payments/pay-1'%20OR%20'1'='1", invalid(/\bid\b/)) },
    { name: 'refund: unknown reason', ...post('/v1/refunds', { ...refund, reason: 'changed-my-mind' }, invalid(/reason/)) },
    { name: 'refund: evidenceRef not a SHA-256', ...post('/v1/refunds', { ...refund, evidenceRef: 'not-a-digest' }, invalid(/evidenceRef/)) },
    { name: 'refund: zero amount', ...post('/v1/refunds', { ...refund, amount: '0' }, invalid(/amount.*greater than zero/)) },
    { name: 'refund: note over 500 characters', ...post('/v1/refunds', { ...refund, note: 'n'.repeat(501) }, invalid(/note/)) },
    // Accounts, top-ups, withdrawals.
    { name: 'open account: kycTier 4', ...post('/v1/accounts', { ...account, kycTier: 4 }, invalid(/kycTier/)) },
    { name: 'open account: kycTier as a string', ...post('/v1/accounts', { ...account, kycTier: '1' }, invalid(/kycTier/)) },
    { name: 'open account: holderRef in uppercase', ...post('/v1/accounts', { ...account, holderRef: SHA.toUpperCase() }, invalid(/holderRef/)) },
    { name: 'open account: publicKey too short', ...post('/v1/accounts', { ...account, publicKey: 'short' }, invalid(/publicKey/)) },
    { name: 'top-up: unknown currency', ...post('/v1/top-ups', { ...movement, currency: 'QQQ' }, { status: 400, code: 'UNSUPPORTED_CURRENCY', names: /currency/ }) },
    { name: 'top-up: more decimals than JPY has', ...post('/v1/top-ups', { ...movement, currency: 'JPY', amount: '100.5' }, { status: 400, code: 'AMOUNT_TOO_PRECISE', names: /amount/ }) },
    { name: 'top-up: reference with SQL', ...post('/v1/top-ups', { ...movement, reference: "x'; DROP TABLE accounts;--" }, invalid(/reference/)) },
    { name: 'top-up: as a teller, address missing', ...post('/v1/top-ups', without(movement, 'address'), { as: 'teller', ...invalid(/address/) }) },
    { name: 'withdrawal: negative amount', ...post('/v1/withdrawals', { ...movement, amount: '-5.00' }, invalid(/amount/)) },
    { name: 'withdrawal: zero amount', ...post('/v1/withdrawals', { ...movement, amount: '0.00' }, invalid(/amount.*greater than zero/)) },
    { name: 'withdrawal: address with a CX prefix', ...post('/v1/withdrawals', { ...movement, address: 'CX' + 'a'.repeat(48) }, invalid(/address/)) },
    { name: 'kyc tier: fractional tier', ...{ method: 'put', path: `/v1/accounts/${A}/kyc-tier`, body: { kycTier: 1.5 }, ...invalid(/kycTier/) } },
    { name: 'freeze: address in the path not an address', ...post('/v1/accounts/cx1234/freeze', { reason: 'fraud' }, invalid(/address/)) },
    { name: 'account history: pageSize 0', ...get(`/v1/accounts/${A}/history?pageSize=0`, invalid(/pageSize/)) },
    { name: 'account history: pageSize 101', ...get(`/v1/accounts/${A}/history?pageSize=101`, invalid(/pageSize/)) },
    { name: 'account history: bookmark of 401 characters', ...get(`/v1/accounts/${A}/history?bookmark=${'b'.repeat(401)}`, invalid(/bookmark/)) },
    { name: 'high risk: highRisk as a string', ...{ method: 'put', path: `/v1/accounts/${A}/high-risk`, body: { highRisk: 'yes', reason: 'pep' }, ...invalid(/highRisk/) } },
    // FX.
    { name: 'fx quote: both source and target amount', ...post('/v1/fx/quotes', { ...quote, targetAmount: '9.00' }, invalid(/sourceAmount.*targetAmount/)) },
    { name: 'fx quote: lifetime over an hour', ...post('/v1/fx/quotes', { ...quote, lifetimeSeconds: 3601 }, invalid(/lifetimeSeconds/)) },
    { name: 'fx rate: bid with a leading zero', ...post('/v1/fx/rates', { ...rate, bid: '0920000' }, invalid(/bid/)) },
    { name: 'fx rates: provider with SQL injection', ...get("/v1/fx/rates?provider=Bank1MSP'%20OR%20'1'='1&base=USD&quote=EUR", invalid(/provider/)) },
    { name: 'fx rate history: pageSize not a number', ...get('/v1/fx/rate-history?provider=P1&base=USD&quote=EUR&pageSize=abc', invalid(/pageSize/)) },
    { name: 'fx quote: unknown source currency', ...post('/v1/fx/quotes', { ...quote, sourceCurrency: 'XYZ' }, { status: 400, code: 'UNSUPPORTED_CURRENCY', names: /sourceCurrency/ }) },
    { name: 'fx liquidity funding: zero amount', ...post('/v1/fx/liquidity/fundings', { reference: 'fund-1', provider: 'FxProvider1MSP', currency: 'USD', amount: '0.00' }, invalid(/amount.*greater than zero/)) },
    { name: 'fx liquidity roll-up: currency missing', ...post('/v1/fx/liquidity/roll-ups', {}, invalid(/currency/)) },
    { name: 'supply roll-up: currency in lower case', ...post('/v1/supply/roll-ups', { currency: 'eur' }, invalid(/currency/)) },
    { name: 'account roll-up: currency missing', ...post(`/v1/accounts/${A}/roll-ups`, {}, invalid(/currency/)) },
    { name: 'account roll-up: address in the path not an address', ...post('/v1/accounts/cx12/roll-ups', { currency: 'EUR' }, invalid(/address/)) },
    { name: 'fx fee schedule: basisPoints over 1000', ...{ method: 'put', path: '/v1/fx/fee-schedule', body: { currency: 'USD', fixed: '1.00', basisPoints: 1001 }, ...invalid(/basisPoints/) } },
    // Members, proposals, compliance.
    { name: 'proposal: unknown kind', ...post('/v1/proposals', { proposalId: 'p-1', kind: 'dissolve-consortium', payload: {} }, invalid(/kind/)) },
    { name: 'proposal: payload as a string', ...post('/v1/proposals', { proposalId: 'p-1', kind: 'admit-member', payload: 'x' }, invalid(/payload/)) },
    { name: 'key history: objectType with injection', ...get("/v1/audit/key-history?objectType=account'--&attributes=x", { as: 'auditor', ...invalid(/objectType/) }) },
    { name: 'compliance review: unknown action', ...post('/v1/compliance/reviews', { paymentId: 'pay-1', action: 'approve-all', reason: 'ok' }, invalid(/action/)) },
    { name: 'compliance queue: openOnly=maybe', ...get('/v1/compliance/review-queue?openOnly=maybe', invalid(/openOnly/)) },
    // Customers: registration and sign-in.
    { name: 'register: verifyBy carrier-pigeon', ...post('/v1/auth/register', { ...registration, verifyBy: 'carrier-pigeon' }, { as: 'public', ...invalid(/verifyBy/) }) },
    { name: 'register: agreements missing', ...post('/v1/auth/register', without(registration, 'agreements'), { as: 'public', ...invalid(/agreements/) }) },
    { name: 'register: an extra role field (privilege escalation)', ...post('/v1/auth/register', { ...registration, role: 'bank_admin' }, { as: 'public', ...invalid(/role/) }) },
    { name: 'register: name of 121 characters', ...post('/v1/auth/register', { ...registration, name: 'n'.repeat(121) }, { as: 'public', ...invalid(/name/) }) },
    { name: 'register: phone that is no phone number', ...post('/v1/auth/register', { ...registration, phone: 'call me maybe' }, { as: 'public', status: 400, code: 'PHONE_INVALID', names: /phone/ }) },
    { name: 'register: email with a newline (header injection)', ...post('/v1/auth/register', { ...registration, email: 'a@corridor.example\nBcc: x@evil.example' }, { as: 'public', status: 400, code: 'EMAIL_INVALID', names: /email/ }) },
    { name: 'login: identifier missing', ...post('/v1/auth/login', { password: 'whatever it is' }, { as: 'public', ...invalid(/identifier/) }) },
    { name: 'login: password as a number', ...post('/v1/auth/login', { identifier: 'a@corridor.example', password: 12345678 }, { as: 'public', ...invalid(/password/) }) },
    { name: 'login verify: code of five digits', ...post('/v1/auth/login/verify', { challengeId: 'a'.repeat(32), code: '12345' }, { as: 'public', ...invalid(/code/) }) },
    { name: 'login verify: challengeId not hex', ...post('/v1/auth/login/verify', { challengeId: 'z'.repeat(32), code: '123456' }, { as: 'public', ...invalid(/challengeId/) }) },
    // Customer self-service (issue 16): quotes, cancellation, refund requests, top-ups, the dev mailbox.
    { name: 'my quote: names a payer', ...post('/v1/me/quotes', { ...myQuote, payer: A }, { as: 'customer', ...invalid(/payer/) }) },
    { name: 'my quote: both amounts', ...post('/v1/me/quotes', { ...myQuote, targetAmount: '5.00' }, { as: 'customer', ...invalid(/sourceAmount|targetAmount/) }) },
    { name: 'my quote: one currency on both sides', ...post('/v1/me/quotes', { ...myQuote, targetCurrency: 'USD' }, { as: 'customer', ...invalid(/targetCurrency/) }) },
    { name: 'my quote: more decimals than USD has', ...post('/v1/me/quotes', { ...myQuote, sourceAmount: '1.001' }, { as: 'customer', status: 400, code: 'AMOUNT_TOO_PRECISE', names: /sourceAmount/ }) },
    { name: 'my payment: target currency without a quote', ...post('/v1/me/payments', { paymentId: 'pay-2', payee: B, amount: '1.00', currency: 'USD', purpose: 'OTHR', targetCurrency: 'EUR' }, { as: 'customer', ...invalid(/quoteId/) }) },
    { name: 'my cancellation: signature over 200 characters', ...post('/v1/me/payments/pay-1/cancellation', { signature: 's'.repeat(201) }, { as: 'customer', ...invalid(/signature/) }) },
    { name: 'my refund request: reason outside the list', ...post('/v1/me/refund-requests', { ...myRefund, reason: 'changed-my-mind' }, { as: 'customer', ...invalid(/reason/) }) },
    { name: 'my refund request: negative amount', ...post('/v1/me/refund-requests', { ...myRefund, amount: '-1.00' }, { as: 'customer', ...invalid(/amount/) }) },
    { name: 'my refund request: message over 1000 characters', ...post('/v1/me/refund-requests', { ...myRefund, message: 'm'.repeat(1001) }, { as: 'customer', ...invalid(/message/) }) },
    { name: 'my refund request: evidence reference supplied', ...post('/v1/me/refund-requests', { ...myRefund, evidenceRef: SHA }, { as: 'customer', ...invalid(/evidenceRef/) }) },
    { name: 'my top-up: amount zero', ...post('/v1/me/top-ups', { currency: 'EUR', amount: '0.00' }, { as: 'customer', ...invalid(/amount/) }) },
    { name: 'my top-up: currency in lower case', ...post('/v1/me/top-ups', { currency: 'eur', amount: '10.00' }, { as: 'customer', ...invalid(/currency/) }) },
    { name: 'my top-up: more decimals than EUR has', ...post('/v1/me/top-ups', { currency: 'EUR', amount: '10.001' }, { as: 'customer', status: 400, code: 'AMOUNT_TOO_PRECISE', names: /amount/ }) },
    { name: 'my top-up: names an account', ...post('/v1/me/top-ups', { currency: 'EUR', amount: '10.00', address: B }, { as: 'customer', ...invalid(/address/) }) },
    { name: 'top-up confirmation: malformed reference', ...post('/v1/top-up-requests/TU-x/confirmation', { currency: 'EUR', amount: '10.00' }, { as: 'teller', ...invalid(/TU-x/) }) },
    { name: 'top-up confirmation: amount as a JSON number', ...post('/v1/top-up-requests/TU0000000000AA/confirmation', { currency: 'EUR', amount: 10 }, { as: 'teller', ...invalid(/amount/) }) },
    { name: 'payee lookup: alias missing', ...get('/v1/me/payees', { as: 'customer', ...invalid(/alias/) }) },
    { name: 'payee lookup: alias over 254 characters', ...get(`/v1/me/payees?alias=${'a'.repeat(255)}`, { as: 'customer', ...invalid(/alias/) }) },
    { name: 'customer search: two keys at once', ...get('/v1/customers?phone=%2B4915112345678&name=Ada', { as: 'teller', ...invalid(/phone|name/) }) },
    { name: 'dev mailbox: on a gateway not configured as dev', ...get('/v1/dev/mailbox?to=%2B4915112345678', { as: 'public', status: 404, code: 'ROUTE_NOT_FOUND', names: /route/ }) },
    // Transaction queries and export.
    { name: 'transactions: forged cursor', ...get('/v1/transactions?cursor=eyJ0aW1lIjoiMjAzMCJ9.Zm9yZ2Vk', invalid(/cursor/)) },
    { name: 'transactions: cursor that is not base64url', ...get('/v1/transactions?cursor=%24%24%24.%24%24', invalid(/cursor/)) },
    { name: 'transactions: cursor over 2048 characters', ...get(`/v1/transactions?cursor=${'c'.repeat(2049)}`, invalid(/cursor/)) },
    { name: 'transactions: SQL injection in counterparty', ...get("/v1/transactions?counterparty=x'%20OR%201=1--", invalid(/counterparty/)) },
    { name: 'transactions: SQL injection in serialNumber', ...get("/v1/transactions?serialNumber=1'%3B%20DROP%20TABLE%20transactions", invalid(/serialNumber/)) },
    { name: 'transactions: type list with an unknown type', ...get('/v1/transactions?type=remittance,everything', invalid(/type/)) },
    { name: 'transactions: sort by an unknown column', ...get('/v1/transactions?sort=balance%20DESC', invalid(/sort/)) },
    { name: 'transactions: from is 30 February', ...get('/v1/transactions?from=2026-02-30', invalid(/from/)) },
    { name: 'transactions: from after to', ...get('/v1/transactions?from=2026-03-02&to=2026-03-01', invalid(/from/)) },
    { name: 'transactions: limit 0', ...get('/v1/transactions?limit=0', invalid(/limit/)) },
    { name: 'transactions: limit 100000', ...get('/v1/transactions?limit=100000', invalid(/limit/)) },
    { name: 'transactions: minAmount without a currency', ...get('/v1/transactions?minAmount=10', invalid(/currency/)) },
    { name: 'transactions: unknown currency filter', ...get('/v1/transactions?currency=XYZ', invalid(/currency/)) },
    { name: 'transactions: an unknown query parameter', ...get('/v1/transactions?balance=1', invalid(/balance/)) },
    { name: 'transactions: currency given twice', ...get('/v1/transactions?currency=USD&currency=EUR', invalid(/currency/)) },
    { name: 'transactions: operator object in a filter', ...get('/v1/transactions?currency[$ne]=USD', invalid(/currency/)) },
    { name: 'export: from not a date', ...get('/v1/transactions/export?from=yesterday', invalid(/from/)) },
    { name: 'export: unknown status', ...get('/v1/transactions/export?status=succeeded,pwned', invalid(/status/)) },
    { name: 'export: minAmount with more decimals than JPY has', ...get('/v1/transactions/export?currency=JPY&minAmount=1.5', invalid(/minAmount/)) },
    // ISO 20022 pain.001.
    { name: 'pain.001: not well-formed XML', ...xml(XML_HEAD + '<Document><CstmrCdtTrfInitn></Document>', { names: /CstmrCdtTrfInitn|Document/ }) },
    { name: 'pain.001: billion laughs (entity expansion)', ...xml(BILLION_LAUGHS, { code: 'XML_UNSAFE', names: /DOCTYPE/ }) },
    { name: 'pain.001: external entity (XXE)', ...xml(XXE, { code: 'XML_UNSAFE', names: /DOCTYPE/ }) },
    { name: 'pain.001: processing instruction', ...xml(XML_HEAD + '<?xml-stylesheet href="http://evil.example/x.xsl"?>' + validPain001.slice(XML_HEAD.length), { code: 'XML_UNSAFE', names: /processing instruction/ }) },
    { name: 'pain.001: schema-invalid (MsgId missing)', ...xml(validPain001.replace(/<MsgId>[^<]*<\/MsgId>/, ''), { code: 'XML_SCHEMA_INVALID', names: /CreDtTm|MsgId/ }) },
    { name: 'pain.001: empty body', ...xml('', { names: /Document/ }) },
    { name: 'pain.001: sent as JSON', ...xml('{"pain":1}', { type: 'application/json', code: 'VALIDATION_FAILED', names: /Content-Type/ }) },
    { name: 'pain.001: charset ISO-8859-1', ...xml(validPain001, { type: 'application/xml; charset=iso-8859-1', code: 'VALIDATION_FAILED', names: /Content-Type/ }) },
    { name: 'pain.001: over the 512 KiB limit', ...xml(validPain001.replace('<MsgId>', `<!--${'x'.repeat(MAX_XML_BYTES)}--><MsgId>`), { status: 413, code: 'PAYLOAD_TOO_LARGE', names: /Document/ }) },
    { name: 'pain.001: creditor IBAN with a bad check digit', ...xml(validPain001.replace(/<CdtrAcct>.*?<\/CdtrAcct>/, '<CdtrAcct><Id><IBAN>DE00370400440532013000</IBAN></Id></CdtrAcct>'), { status: 422, code: 'ISO20022_INVALID', names: /IBAN/ }) },
    { name: 'pain.001: no Idempotency-Key', ...xml(validPain001, { key: null, code: 'VALIDATION_FAILED', names: /Idempotency-Key/ }) },
    { name: 'pain.001: the XML document labelled application/json', ...xml(validPain001, { type: 'application/json', code: 'VALIDATION_FAILED', names: /Content-Type/ }) },
    { name: 'pacs.008: header neither true nor false', ...get('/v1/payments/E2E-1/pacs.008?header=yes', invalid(/header/)) },
    { name: 'camt.053: header neither true nor false', ...get(`/v1/accounts/${payer.address}/camt.053?from=2026-11-01&to=2026-11-30&header=1`, invalid(/header/)) },
    { name: 'camt.054 of an account: no entry', ...get(`/v1/accounts/${payer.address}/camt.054`, invalid(/entry/)) },
    { name: 'camt.054 of an account: entry with a space', ...get(`/v1/accounts/${payer.address}/camt.054?entry=a%20b`, invalid(/entry/)) },
    { name: 'camt.052: from not a real date', ...get(`/v1/accounts/${payer.address}/camt.052?from=2026-02-30`, invalid(/from/)) },
    { name: 'camt.052: an unknown parameter', ...get(`/v1/accounts/${payer.address}/camt.052?to=2026-11-30`, invalid(/to/)) },
    { name: 'pain.001: an envelope that is not one of the accepted kinds', ...xml(validPain001.replace('<Document', '<Wrapper><Document').replace('</Document>', '</Document></Wrapper>'), { code: 'XML_SCHEMA_INVALID', names: /Wrapper/ }) },
    // Webhooks (issue 15): URL rules (SSRF), event types, limits, path ids, log paging.
    { name: 'webhook: plain http to a public host', ...post('/v1/webhooks', { url: 'http://hooks.bank.example/', events: ['payment.settled'] }, invalid(/url/)) },
    { name: 'webhook: credentials in the URL', ...post('/v1/webhooks', { url: 'https://u:p@hooks.bank.example/', events: ['payment.settled'] }, invalid(/credentials/)) },
    { name: 'webhook: a non-http scheme', ...post('/v1/webhooks', { url: 'gopher://hooks.bank.example/', events: ['payment.settled'] }, invalid(/scheme/)) },
    { name: 'webhook: https to a link-local address (cloud metadata)', ...post('/v1/webhooks', { url: 'https://169.254.169.254/', events: ['payment.settled'] }, invalid(/private|link-local/)) },
    { name: 'webhook: url missing', ...post('/v1/webhooks', { events: ['payment.settled'] }, invalid(/url/)) },
    { name: 'webhook: an unknown event type', ...post('/v1/webhooks', { url: 'https://hooks.bank.example/', events: ['payment.teleported'] }, invalid(/events/)) },
    { name: 'webhook: no event types', ...post('/v1/webhooks', { url: 'https://hooks.bank.example/', events: [] }, invalid(/events/)) },
    { name: 'webhook: an event type twice', ...post('/v1/webhooks', { url: 'https://hooks.bank.example/', events: ['alert.raised', 'alert.raised'] }, invalid(/events/)) },
    { name: 'webhook: description over 200 characters', ...post('/v1/webhooks', { url: 'https://hooks.bank.example/', events: ['alert.raised'], description: 'd'.repeat(201) }, invalid(/description/)) },
    { name: 'webhook: a line break in the description', ...post('/v1/webhooks', { url: 'https://hooks.bank.example/', events: ['alert.raised'], description: 'a\nb' }, invalid(/description/)) },
    { name: 'webhook: an unknown extra field', ...post('/v1/webhooks', { url: 'https://hooks.bank.example/', events: ['alert.raised'], secret: 'mine' }, invalid(/secret/)) },
    { name: 'webhook: malformed endpoint id', ...get('/v1/webhooks/not-an-id', invalid(/id/)) },
    { name: 'webhook deliveries: limit 0', ...get(`/v1/webhooks/wh_${'0'.repeat(24)}/deliveries?limit=0`, invalid(/limit/)) },
    { name: 'webhook deliveries: limit 101', ...get(`/v1/webhooks/wh_${'0'.repeat(24)}/deliveries?limit=101`, invalid(/limit/)) },
    { name: 'webhook deliveries: a cursor this API did not issue', ...get(`/v1/webhooks/wh_${'0'.repeat(24)}/deliveries?cursor=eyJ4IjoxfQ`, invalid(/cursor/)) },
    { name: 'webhook redeliver: malformed delivery id', ...post(`/v1/webhooks/wh_${'0'.repeat(24)}/deliveries/42/redeliver`, undefined, invalid(/deliveryId/)) },
];

/** Rows in every table of a SQLite database: a fingerprint of what was written. */
async function rowCounts(all: (sql: string) => Promise<Record<string, unknown>[]>): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const { name } of await all("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) {
        counts[String(name)] = Number((await all(`SELECT COUNT(*) AS n FROM "${String(name)}"`))[0]?.n);
    }
    return counts;
}

describe('bad-input catalogue (issue 5)', function () {
    this.timeout(30_000);
    let app: express.Express;
    let ledger: LedgerStub;
    let customers: TestCustomers;
    let index: SqliteDriver;
    let idempotency: SqlIdempotencyStore;
    let transactionsRecorded: sinon.SinonSpy;
    let keys = 0;

    before(async () => {
        index = new SqliteDriver(':memory:');
        const store = new SqlIndexStore(index);
        await store.migrate();
        idempotency = await openIdempotencyStore(':memory:');
        transactionsRecorded = sinon.spy(idempotency, 'recordTransaction');
        const built = await testApp(stubLedger(), undefined, idempotency, createQueryModule(store, randomBytes(32)));
        ({ app, ledger, customers } = built);
    });

    after(() => idempotency.close());

    async function written(): Promise<Record<string, unknown>> {
        return {
            submits: ledger.submit.callCount,
            resubmits: ledger.resubmit.callCount,
            tiers: customers.tiers.setTier.callCount,
            transactionsRemembered: transactionsRecorded.callCount,
            pendingWithTransaction: (await idempotency.pendingWithTransaction()).length,
            customers: await rowCounts((sql) => customers.store.db.all(sql)),
            index: await rowCounts((sql) => index.all(sql)),
        };
    }

    function send(entry: BadInput, body: unknown, key: string | undefined): request.Test {
        let call = request(app)[entry.method](entry.path);
        const as = entry.as ?? 'admin';
        if (as !== 'public') {
            call = call.set('Authorization', bearer(as));
        }
        if (key !== undefined) {
            call = call.set('Idempotency-Key', key);
        }
        if (body === undefined) {
            return call;
        }
        if (typeof body === 'string') {
            return call.set('Content-Type', entry.type ?? 'application/json').send(body);
        }
        return call.send(body as object);
    }

    it('when the catalogue is counted, then it names at least 60 distinct cases', () => {
        const names = CATALOGUE.map((entry) => entry.name);
        expect(new Set(names).size, 'names are distinct').to.equal(names.length);
        expect(names.length).to.be.at.least(60);
    });

    it('when a valid payment is sent (the control), then it reaches the ledger: the rows below are refused for their fault alone', async () => {
        const control = await testApp();
        control.ledger.submit.resolves({ result: JSON.stringify(paymentRecord({ paymentId: 'pay-1' })), txId: 'tx-1', blockNumber: '3' });
        const res = await request(control.app).post('/v1/payments').set('Authorization', bearer('admin')).set('Idempotency-Key', 'control-key-1').send(payment);
        expect(res.status, res.text).to.equal(201);
        expect(control.ledger.submit.calledOnceWith('Payments:SubmitPayment', [canonicalize(payment)])).to.equal(true);
    });

    const refusedItems: [string, string, string][] = [
        ['zero amount', '0.00', 'EUR'],
        ['more decimals than JPY has', '1.50', 'JPY'],
        ['unknown currency', '1.00', 'XYZ'],
    ];
    for (const [name, amount, currency] of refusedItems) {
        it(`pain.001 item with ${name}: the document is answered item by item (200, by design), the item refused by the gateway, nothing written`, async () => {
            const before = await written();
            const document = pain001([{ id: 'BLOCK-A', payer, items: [{ endToEndId: 'E2E-1', payee: payee.address, amount, currency, sequence: 1 }] }]);
            const res = await send(xml(document) as BadInput, document, `catalogue-item-${name.replace(/\W/g, '-')}-${Date.now()}`);
            expect(res.status, res.text).to.equal(200);
            expect(res.body.items[0]).to.include({ outcome: 'refused', refusedBy: 'gateway', field: 'PmtInf[1]/CdtTrfTxInf[1]/Amt/InstdAmt' });
            expect(await written()).to.deep.equal(before);
        });
    }

    for (const entry of CATALOGUE) {
        const title = `${entry.name}: ${entry.status} ${entry.code}, nothing written`;
        if (entry.pending !== undefined) {
            it.skip(`${title} (pending: ${entry.pending})`);
            continue;
        }
        it(title, async () => {
            keys += 1;
            const key = entry.key === null ? undefined : (entry.key ?? `catalogue-${keys}-${Date.now()}`);
            const before = await written();
            for (const earlier of entry.before ?? []) {
                await send(entry, earlier.body, key);
            }
            const res = await send(entry, entry.body, key);
            expect(res.status, res.text).to.equal(entry.status);
            expect(res.get('content-type')).to.match(/^application\/problem\+json/);
            expect(res.body).to.include({ code: entry.code, status: entry.status, title: entry.code });
            expect(`${String(res.body.field ?? '')} ${String(res.body.detail)}`).to.match(entry.names);
            expect(await written()).to.deep.equal(before);
        });
    }
});
