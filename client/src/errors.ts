import { ERROR_CODES as LEDGER_CODES, type ErrorCode as LedgerCode } from '@corridor/chaincode/api';

/**
 * Every error the gateway answers with is RFC 9457 problem+json carrying a stable `code`.
 * The ledger's codes come from the contract the chaincode exports; the gateway's own are
 * listed here, and a unit test compares this list with the gateway's error table so the
 * two cannot drift apart.
 */
export const GATEWAY_ERROR_CODES = [
    'VALIDATION_FAILED',
    'UNAUTHENTICATED',
    'FORBIDDEN',
    'ROUTE_NOT_FOUND',
    'PAYLOAD_TOO_LARGE',
    'LEDGER_UNAVAILABLE',
    'INTERNAL',
    'IDEMPOTENCY_KEY_REUSED',
    'IDEMPOTENCY_IN_PROGRESS',
    'XML_MALFORMED',
    'XML_UNSAFE',
    'XML_SCHEMA_INVALID',
    'ISO20022_INVALID',
    'ISO20022_NOT_APPLICABLE',
    'PHONE_INVALID',
    'EMAIL_INVALID',
    'PASSWORD_WEAK',
    'PASSWORD_UNCHANGED',
    'AGREEMENT_NOT_ACCEPTED',
    'PHONE_TAKEN',
    'EMAIL_TAKEN',
    'INVALID_CREDENTIALS',
    'INVALID_CODE',
    'CODE_EXPIRED',
    'CODE_USED',
    'CODE_ATTEMPTS_EXCEEDED',
    'ACCOUNT_LOCKED',
    'RATE_LIMITED',
] as const;

/**
 * What the client itself reports when no problem+json came back: the gateway could not be
 * reached in the retry budget, answered something that is not what the API promises, or a
 * write it accepted turned out invalid on the ledger.
 */
export const CLIENT_ERROR_CODES = ['NETWORK_FAILED', 'RESPONSE_INVALID', 'SUBMISSION_INVALID', 'SUBMISSION_UNRESOLVED'] as const;

export type GatewayErrorCode = (typeof GATEWAY_ERROR_CODES)[number];
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];
export type ErrorCode = GatewayErrorCode | LedgerCode | ClientErrorCode;

export const ERROR_CODES: readonly ErrorCode[] = [...GATEWAY_ERROR_CODES, ...LEDGER_CODES, ...CLIENT_ERROR_CODES];
const KNOWN = new Set<string>(ERROR_CODES);

/** The problem+json body the gateway sends with every 4xx and 5xx. */
export interface Problem {
    type: string;
    title: string;
    status: number;
    detail: string;
    code: string;
    field?: string;
    requestId?: string;
}

/** One error class for every failure of a call; `code` tells them apart (see `isError`). */
export class CorridorError<C extends ErrorCode = ErrorCode> extends Error {
    override readonly name = 'CorridorError';

    constructor(
        readonly code: C,
        /** The HTTP status, or 0 when no answer was received. */
        readonly status: number,
        readonly detail: string,
        readonly field?: string,
        /** The gateway's request id, to quote when asking its operators. */
        readonly requestId?: string,
        /** The ledger transaction concerned, when the failure is about one. */
        readonly txId?: string,
    ) {
        super(`${code}: ${detail}`);
    }

    /** The error a problem+json body describes; an unknown code is kept as INTERNAL with the code in the detail. */
    static fromProblem(problem: Problem): CorridorError {
        const code = KNOWN.has(problem.code) ? (problem.code as ErrorCode) : 'INTERNAL';
        const detail = code === problem.code ? problem.detail : `${problem.code}: ${problem.detail}`;
        return new CorridorError(code, problem.status, detail, problem.field, problem.requestId);
    }
}

export function isCorridorError(value: unknown): value is CorridorError {
    return value instanceof CorridorError;
}

/**
 * A type guard per code, e.g. `if (isError.INSUFFICIENT_FUNDS(err)) …`: the code is checked
 * by the compiler, so a guard for a code that no longer exists fails to build.
 */
export const isError = Object.fromEntries(
    ERROR_CODES.map((code) => [code, (value: unknown): boolean => value instanceof CorridorError && value.code === code]),
) as { readonly [C in ErrorCode]: (value: unknown) => value is CorridorError<C> };
