import winston from 'winston';
import type { Writable } from 'node:stream';

/** Fields whose values never reach a log line, whatever their nesting. */
const SECRET_FIELDS = /^(authorization|password|passcode|code|token|secret|key|privatekey|apikey|cookie)$/i;

export const REDACTED = '[redacted]';

/** Deeper than any log field the gateway writes; what lies below is dropped, not printed. */
const MAX_DEPTH = 8;

/**
 * A copy of `value` with every secret field masked at any depth: plain objects, arrays
 * and errors (their message, stack and own fields) are walked; other objects are kept
 * as they are. Cycles and over-deep nesting are cut instead of followed.
 */
function redact(value: unknown, depth = 0, seen = new WeakSet()): unknown {
    if (typeof value !== 'object' || value === null) {
        return value;
    }
    if (seen.has(value) || depth >= MAX_DEPTH) {
        return '[cut]';
    }
    seen.add(value);
    try {
        if (Array.isArray(value)) {
            return value.map((item: unknown) => redact(item, depth + 1, seen));
        }
        if (value instanceof Error) {
            return redactFields({ ...ownFields(value), name: value.name, message: value.message, stack: value.stack }, depth, seen);
        }
        const prototype: unknown = Object.getPrototypeOf(value);
        return prototype === Object.prototype || prototype === null ? redactFields(value as Record<string, unknown>, depth, seen) : value;
    } finally {
        // A value met twice side by side is not a cycle; only its own descendants are.
        seen.delete(value);
    }
}

/** An error's own fields (a code, a response, a cause set by assignment) as a plain object. */
function ownFields(error: Error): Record<string, unknown> {
    return Object.fromEntries(Object.entries(error));
}

function redactFields(fields: Record<string, unknown>, depth: number, seen: WeakSet<object>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(fields).map(([field, value]) => [field, SECRET_FIELDS.test(field) && value !== undefined ? REDACTED : redact(value, depth + 1, seen)]));
}

/** winston keeps its level and message under symbols on `info`: they are copied back untouched. */
const redactFormat = winston.format((info) => Object.assign(info, redactFields(info, 0, new WeakSet())));

export type Logger = winston.Logger;

/** The gateway's JSON logger; `stream` replaces the console (tests read what would be printed). */
export function createLogger(level: string, org: string, stream?: Writable): Logger {
    return winston.createLogger({
        level,
        defaultMeta: { service: 'corridor-gateway', org },
        format: winston.format.combine(redactFormat(), winston.format.timestamp(), winston.format.json()),
        transports: [stream === undefined ? new winston.transports.Console() : new winston.transports.Stream({ stream })],
    });
}
