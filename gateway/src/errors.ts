import type { ErrorCode as LedgerErrorCode } from '@corridor/chaincode/api';

/** Codes the gateway itself raises, beside the chaincode's own set. */
export type GatewayErrorCode =
    | 'VALIDATION_FAILED'
    | 'UNAUTHENTICATED'
    | 'FORBIDDEN'
    | 'ROUTE_NOT_FOUND'
    | 'PAYLOAD_TOO_LARGE'
    | 'LEDGER_UNAVAILABLE'
    | 'INTERNAL'
    | 'IDEMPOTENCY_KEY_REUSED'
    | 'IDEMPOTENCY_IN_PROGRESS'
    | Iso20022ErrorCode
    | CustomerErrorCode;

/** Codes of ISO 20022 messages (gateway/src/iso20022); the detail and field name the element. */
export type Iso20022ErrorCode =
    | 'XML_MALFORMED'
    | 'XML_UNSAFE'
    | 'XML_SCHEMA_INVALID'
    | 'ISO20022_INVALID'
    | 'ISO20022_NOT_APPLICABLE';

/** Codes of registration, sign-in, recovery and KYC (gateway/src/customers). */
export type CustomerErrorCode =
    | 'PHONE_INVALID'
    | 'EMAIL_INVALID'
    | 'PASSWORD_WEAK'
    | 'PASSWORD_UNCHANGED'
    | 'AGREEMENT_NOT_ACCEPTED'
    | 'PHONE_TAKEN'
    | 'EMAIL_TAKEN'
    | 'INVALID_CREDENTIALS'
    | 'INVALID_CODE'
    | 'CODE_EXPIRED'
    | 'CODE_USED'
    | 'CODE_ATTEMPTS_EXCEEDED'
    | 'ACCOUNT_LOCKED'
    | 'RATE_LIMITED';

export type ErrorCode = GatewayErrorCode | LedgerErrorCode;

/**
 * The one table from error code to HTTP status. Typed as a Record over every code,
 * so a code added to the chaincode does not compile until it is mapped here.
 * 400: malformed input; 404: unknown thing; 409: conflicts with current state or a
 * repeated request; 422: well-formed but refused by a business rule.
 */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
    VALIDATION_FAILED: 400,
    UNAUTHENTICATED: 401,
    FORBIDDEN: 403,
    ROUTE_NOT_FOUND: 404,
    PAYLOAD_TOO_LARGE: 413,
    LEDGER_UNAVAILABLE: 503,
    INTERNAL: 500,
    IDEMPOTENCY_KEY_REUSED: 422,
    IDEMPOTENCY_IN_PROGRESS: 409,
    XML_MALFORMED: 400,
    XML_UNSAFE: 400,
    XML_SCHEMA_INVALID: 400,
    ISO20022_INVALID: 422,
    ISO20022_NOT_APPLICABLE: 409,
    PHONE_INVALID: 400,
    EMAIL_INVALID: 400,
    PASSWORD_WEAK: 422,
    PASSWORD_UNCHANGED: 422,
    AGREEMENT_NOT_ACCEPTED: 422,
    PHONE_TAKEN: 409,
    EMAIL_TAKEN: 409,
    INVALID_CREDENTIALS: 401,
    INVALID_CODE: 401,
    CODE_EXPIRED: 422,
    CODE_USED: 409,
    CODE_ATTEMPTS_EXCEEDED: 429,
    ACCOUNT_LOCKED: 423,
    RATE_LIMITED: 429,
    INVALID_ARGUMENT: 400,
    UNAUTHORIZED: 403,
    NOT_FOUND: 404,
    ALREADY_EXISTS: 409,
    CONFLICT: 409,
    DUPLICATE_REQUEST: 409,
    UNSUPPORTED_CURRENCY: 400,
    AMOUNT_NOT_POSITIVE: 400,
    AMOUNT_TOO_PRECISE: 400,
    AMOUNT_TOO_LARGE: 400,
    INVALID_ADDRESS: 400,
    INVALID_PUBLIC_KEY: 400,
    SAME_ACCOUNT: 422,
    FX_UNAVAILABLE: 422,
    ACCOUNT_NOT_FOUND: 404,
    BAD_SIGNATURE: 422,
    INSTRUCTION_EXPIRED: 422,
    SEQUENCE_REPLAYED: 409,
    SEQUENCE_GAP: 409,
    ACCOUNT_FROZEN: 422,
    ACCOUNT_CLOSED: 422,
    ACCOUNT_NOT_EMPTY: 409,
    KYC_LIMIT_EXCEEDED: 422,
    INSUFFICIENT_FUNDS: 422,
    INVALID_STATE: 409,
    HOLD_EXPIRED: 409,
    HOLD_NOT_EXPIRED: 409,
    REFUND_EXCEEDS_PAYMENT: 422,
    ALREADY_VOTED: 409,
    RATE_NOT_FOUND: 404,
    RATE_EXPIRED: 422,
    QUOTE_PAYER_MISMATCH: 422,
    QUOTE_ALREADY_USED: 409,
    QUOTE_EXPIRED: 422,
    INSUFFICIENT_LIQUIDITY: 422,
    REVIEW_INVALID_TRANSITION: 409,
    REVIEW_ALREADY_APPROVED: 409,
    QUOTE_TERMS_MISMATCH: 422,
    AML_REJECTED: 422,
    // The ledger holds or answers a record of another shape than the contract: our defect.
    STORED_RECORD_INVALID: 500,
};

export class AppError extends Error {
    constructor(
        readonly code: ErrorCode,
        readonly detail: string,
        readonly field?: string,
    ) {
        super(`${code}: ${detail}`);
        this.name = 'AppError';
    }

    get status(): number {
        return HTTP_STATUS[this.code];
    }
}

/** The RFC 9457 body of an error: what the error handler sends and what recovery stores for a retry. */
export function problemBody(error: AppError): { type: string; title: string; status: number; detail: string; code: ErrorCode; field?: string } {
    return {
        type: `https://corridor.example/problems/${error.code.toLowerCase().replace(/_/g, '-')}`,
        title: error.code,
        status: error.status,
        detail: error.detail,
        code: error.code,
        ...(error.field !== undefined ? { field: error.field } : {}),
    };
}

/** Extracts `CODE: detail` from a chaincode error message, if it carries a known code. */
export function parseLedgerError(message: string): AppError | undefined {
    const match = /\b([A-Z][A-Z_]{2,40}): ([^\n]*)/.exec(message);
    if (!match) {
        return undefined;
    }
    const code = match[1] as ErrorCode;
    if (!(code in HTTP_STATUS)) {
        return undefined;
    }
    return new AppError(code, (match[2] ?? '').trim());
}
