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
