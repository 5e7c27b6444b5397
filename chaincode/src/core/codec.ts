/**
 * The one codec for everything the chaincode writes to the ledger, emits as an
 * event or returns: canonical JSON with object keys sorted, so every endorsing
 * peer produces byte-identical output for the same state.
 */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export function canonicalize(value: unknown): string {
    return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(sortKeys);
    }
    if (value !== null && typeof value === 'object') {
        const sorted: Record<string, unknown> = {};
        for (const key of Object.keys(value).sort()) {
            const field = (value as Record<string, unknown>)[key];
            if (field !== undefined) {
                sorted[key] = sortKeys(field);
            }
        }
        return sorted;
    }
    if (typeof value === 'bigint') {
        // Amounts travel as decimal strings: JSON numbers lose precision past 2^53.
        return value.toString();
    }
    return value;
}

export function encode(value: unknown): Uint8Array {
    return Buffer.from(canonicalize(value), 'utf8');
}

export function decode(bytes: Uint8Array): unknown {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
}
