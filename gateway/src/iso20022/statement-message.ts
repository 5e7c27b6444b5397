import { formatMinor, readLedgerAmount } from './amounts';
import { isCorridorAddress } from './identifiers';
import { account, agent, amount, derivedId, isoDate, isoDateTime, type MemberBank, type MessageMeta } from './message-parts';
import { writeMessage, writeUncheckedMessage, type OutNode } from './xml-document';

/**
 * camt.053.001.08: for one account and a time range, per currency, the opening booked
 * balance, every booked entry and the closing booked balance. The input states all
 * three; the builder checks that opening + credits - debits = closing to the minor
 * unit and refuses to produce a statement that does not add up.
 */

export interface StatementEntry {
    /** Payment, refund, top-up or withdrawal id. */
    id: string;
    kind: string;
    direction: 'in' | 'out';
    counterparty: string;
    /** Ledger amount ("10.50"), always positive; the direction gives the sign. */
    amount: string;
    time: string;
    txId: string;
}

export interface StatementInput {
    account: string;
    currency: string;
    /** Inclusive start and end instants (ISO 8601, UTC). */
    from: string;
    to: string;
    /** Booked balances at `from` and at `to`, as ledger amounts; a leading "-" for a debit balance. */
    opening: string;
    entries: StatementEntry[];
    closing: string;
}

/** Bank transaction code family and sub-family of each ledger entry kind, as seen by the account holder. */
function transactionCode(entry: StatementEntry): OutNode {
    const credit = entry.direction === 'in';
    const [family, subFamily] =
        entry.kind === 'top-up' ? ['CNTR', 'CDPT'] :
        entry.kind === 'withdrawal' ? ['CNTR', 'CWDL'] :
        entry.kind === 'refund' ? [credit ? 'RCDT' : 'ICDT', 'RRTN'] :
        entry.kind === 'fx-fee' ? ['CCRD', 'CHRG'] :
        [credit ? 'RCDT' : 'ICDT', 'XBCT'];
    return { Domn: { Cd: 'PMNT', Fmly: { Cd: family, SubFmlyCd: subFamily } } };
}

function signed(value: string, currency: string): bigint {
    return value.startsWith('-') ? -readLedgerAmount(value.slice(1), currency) : readLedgerAmount(value, currency);
}

function balance(code: 'OPBD' | 'CLBD' | 'ITBD', minor: bigint, currency: string, at: string): OutNode {
    return {
        Tp: { CdOrPrtry: { Cd: code } },
        Amt: amount(formatMinor(minor, currency), currency),
        CdtDbtInd: minor < 0n ? 'DBIT' : 'CRDT',
        Dt: { DtTm: isoDateTime(at) },
    };
}

/**
 * Checks one statement's arithmetic and range; returns its camt.053 Stmt element, or with
 * `closingCode` ITBD (interim booked) a camt.052 Rpt, whose pending entries follow the
 * booked ones and count in no balance.
 */
function statement(input: StatementInput, servicer: MemberBank | undefined, createdAt: string, closingCode: 'CLBD' | 'ITBD' = 'CLBD', pending: StatementEntry[] = []): OutNode {
    if (!isCorridorAddress(input.account)) {
        throw new Error('statement account is not a Corridor address');
    }
    if (!(input.from <= input.to)) {
        throw new Error('statement range ends before it starts');
    }
    const opening = signed(input.opening, input.currency);
    const closing = signed(input.closing, input.currency);
    let running = opening;
    let credits = 0n;
    let debits = 0n;
    for (const entry of input.entries) {
        if (entry.time < input.from || entry.time > input.to) {
            throw new Error(`entry ${entry.id} at ${entry.time} lies outside the statement range`);
        }
        const minor = readLedgerAmount(entry.amount, input.currency);
        running += entry.direction === 'in' ? minor : -minor;
        if (entry.direction === 'in') credits += minor;
        else debits += minor;
    }
    if (running !== closing) {
        throw new Error(`statement for ${input.currency} does not add up: opening + entries = ${formatMinor(running, input.currency)}, closing = ${input.closing}`);
    }
    const count = String(input.entries.length);
    return {
        Id: derivedId('S', input.account, input.currency, input.from, input.to),
        CreDtTm: isoDateTime(createdAt),
        FrToDt: { FrDtTm: isoDateTime(input.from), ToDtTm: isoDateTime(input.to) },
        Acct: { ...account(input.account, input.currency), Svcr: servicer !== undefined ? agent(servicer) : undefined },
        Bal: [balance('OPBD', opening, input.currency, input.from), balance(closingCode, closing, input.currency, input.to)],
        TxsSummry: {
            TtlNtries: { NbOfNtries: count },
            TtlCdtNtries: { NbOfNtries: String(input.entries.filter((e) => e.direction === 'in').length), Sum: formatMinor(credits, input.currency) },
            TtlDbtNtries: { NbOfNtries: String(input.entries.filter((e) => e.direction === 'out').length), Sum: formatMinor(debits, input.currency) },
        },
        Ntry: [...input.entries.map((entry) => bookedEntry(entry, input.currency)), ...pending.map((entry) => pendingEntry(entry, input.currency))],
    };
}

/** An entry not booked yet (a held payment): status PDNG, no booking date. */
function pendingEntry(entry: StatementEntry, currency: string): OutNode {
    const { BookgDt: _booked, ...rest } = bookedEntry(entry, currency);
    return { ...rest, Sts: { Cd: 'PDNG' } };
}

/** An account's pending entries of one currency for an intraday report. */
export interface IntradayInput extends StatementInput {
    pending: StatementEntry[];
}

/**
 * camt.052.001.08 intraday account report: per currency the opening booked balance at
 * `from`, the booked entries since, the interim booked balance (ITBD) now, and the entries
 * still pending. Its official XSD is not carried (README.md): checked as well-formed only.
 */
export function buildIntradayReport(inputs: IntradayInput[], servicer: MemberBank | undefined, meta: MessageMeta): string {
    const first = inputs[0];
    if (first === undefined) {
        throw new Error('a report needs at least one currency');
    }
    return writeUncheckedMessage('camt.052.001.08', {
        BkToCstmrAcctRpt: {
            GrpHdr: {
                MsgId: meta.messageId ?? derivedId('R2', first.account, first.from, first.to, ...inputs.map((input) => `${input.currency}:${input.closing}:${input.entries.length}:${input.pending.length}`)),
                CreDtTm: isoDateTime(meta.createdAt),
            },
            Rpt: inputs.map((input) => statement(input, servicer, meta.createdAt, 'ITBD', input.pending)),
        },
    });
}

/** A booked ledger entry as an ISO 20022 Ntry: the same element in camt.053 and camt.054. */
export function bookedEntry(entry: StatementEntry, currency: string): OutNode {
    return {
        NtryRef: entry.id.length <= 35 ? entry.id : undefined,
        Amt: amount(entry.amount, currency),
        CdtDbtInd: entry.direction === 'in' ? 'CRDT' : 'DBIT',
        Sts: { Cd: 'BOOK' },
        BookgDt: { DtTm: isoDateTime(entry.time) },
        ValDt: { Dt: isoDate(entry.time) },
        BkTxCd: transactionCode(entry),
        NtryDtls: {
            TxDtls: {
                Refs: { EndToEndId: entry.id.length <= 35 ? entry.id : 'NOTPROVIDED' },
                AddtlTxInf: `${entry.kind} ${entry.id} tx ${entry.txId} counterparty ${entry.counterparty}`.slice(0, 500),
            },
        },
    };
}

/** One camt.053.001.08 holding one statement per currency of the account. */
export function buildStatement(inputs: StatementInput[], servicer: MemberBank | undefined, meta: MessageMeta): Promise<string> {
    if (inputs.length === 0) {
        throw new Error('a statement needs at least one currency');
    }
    const first = inputs[0] as StatementInput;
    return writeMessage('camt.053.001.08', {
        BkToCstmrStmt: {
            GrpHdr: {
                MsgId: meta.messageId ?? derivedId('S3', first.account, first.from, first.to, ...inputs.map((input) => `${input.currency}:${input.closing}:${input.entries.length}`)),
                CreDtTm: isoDateTime(meta.createdAt),
            },
            Stmt: inputs.map((input) => statement(input, servicer, meta.createdAt)),
        },
    });
}
