/**
 * The closed set of error codes the chaincode throws. The gateway maps each code
 * to an HTTP status in one table; a code is never renamed once released.
 */
export const ERROR_CODES = [
    'INVALID_ARGUMENT',
    'UNAUTHORIZED',
    'NOT_FOUND',
    'ALREADY_EXISTS',
    'CONFLICT',
    // A record in state, or an answer of the chaincode, without the shape the contract
    // says: a defect or an incompatible upgrade, never the caller's fault, so never 4xx.
    'STORED_RECORD_INVALID',
    // Payment ledger (issue 3), in the precedence order the checks run.
    'DUPLICATE_REQUEST',
    'UNSUPPORTED_CURRENCY',
    'AMOUNT_NOT_POSITIVE',
    'AMOUNT_TOO_PRECISE',
    'AMOUNT_TOO_LARGE',
    'INVALID_ADDRESS',
    'INVALID_PUBLIC_KEY',
    'SAME_ACCOUNT',
    'FX_UNAVAILABLE',
    'ACCOUNT_NOT_FOUND',
    'BAD_SIGNATURE',
    'INSTRUCTION_EXPIRED',
    'SEQUENCE_REPLAYED',
    'SEQUENCE_GAP',
    'ACCOUNT_FROZEN',
    'ACCOUNT_CLOSED',
    'ACCOUNT_NOT_EMPTY',
    'KYC_LIMIT_EXCEEDED',
    'INSUFFICIENT_FUNDS',
    'INVALID_STATE',
    'HOLD_EXPIRED',
    'HOLD_NOT_EXPIRED',
    'REFUND_EXCEEDS_PAYMENT',
    'ALREADY_VOTED',
    // FX quotes and AML review (issue 4), in the precedence order the checks run.
    'RATE_NOT_FOUND',
    'RATE_EXPIRED',
    'QUOTE_PAYER_MISMATCH',
    'QUOTE_ALREADY_USED',
    'QUOTE_EXPIRED',
    'INSUFFICIENT_LIQUIDITY',
    'REVIEW_INVALID_TRANSITION',
    'REVIEW_ALREADY_APPROVED',
    // FX and AML wired into the ledger (issue 4).
    'QUOTE_TERMS_MISMATCH',
    'AML_REJECTED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class LedgerError extends Error {
    constructor(
        readonly code: ErrorCode,
        detail: string,
    ) {
        // Fabric passes only the message string to the client, so the code leads it.
        super(`${code}: ${detail}`);
        this.name = 'LedgerError';
    }
}

export function fail(code: ErrorCode, detail: string): never {
    throw new LedgerError(code, detail);
}
