import type { Clock } from './clock';
import { canonicalize } from '@corridor/chaincode/api';
import { sha256Hex } from './secret-token';

/** A security event. Details hold ids and outcomes only: never personal data or secrets. */
export interface AuditEvent {
    event: string;
    actor: string;
    subject?: string;
    clientAddress?: string;
    details?: Record<string, string | number | boolean>;
}

export interface AuditRecord extends AuditEvent {
    seq: number;
    at: string;
    prevHash: string;
    hash: string;
}

export interface ChainHead { seq: number; hash: string }

/** Storage for the chain. appendAudit runs `build` and the insert atomically. */
export interface AuditStore {
    appendAudit(build: (head: ChainHead | undefined) => AuditRecord): Promise<AuditRecord>;
    readAudit(afterSeq: number, limit: number): Promise<AuditRecord[]>;
}

export const GENESIS_HASH = '0'.repeat(64);

export function auditHash(prevHash: string, record: Omit<AuditRecord, 'hash' | 'prevHash'>): string {
    const { seq, at, event, actor, subject, clientAddress, details } = record;
    return sha256Hex(`${prevHash}\n${canonicalize({ seq, at, event, actor, subject, clientAddress, details })}`);
}

export type ChainVerdict =
    | { ok: true; count: number; head: string }
    | { ok: false; count: number; brokenAt: number; reason: string };

/**
 * Append-only, hash-chained log of security events. A client address is personal data:
 * with `pseudonym` the log keeps a keyed hash of it instead, which still shows two events
 * came from one address and finds an address's events, but never shows the address.
 */
export class AuditLog {
    constructor(
        private readonly store: AuditStore,
        private readonly clock: Clock,
        private readonly pseudonym?: (clientAddress: string) => string,
    ) {}

    record(event: AuditEvent): Promise<AuditRecord> {
        const at = this.clock.now().toISOString();
        const kept = event.clientAddress !== undefined && this.pseudonym !== undefined ? { ...event, clientAddress: this.pseudonym(event.clientAddress) } : event;
        return this.store.appendAudit((head) => {
            const seq = (head?.seq ?? 0) + 1;
            const prevHash = head?.hash ?? GENESIS_HASH;
            const body = { seq, at, ...kept };
            return { ...body, prevHash, hash: auditHash(prevHash, body) };
        });
    }

    /** Walks the whole chain in pages; the first broken link is reported. */
    async verify(pageSize = 1000): Promise<ChainVerdict> {
        let prevHash = GENESIS_HASH;
        let expectedSeq = 1;
        let count = 0;
        for (;;) {
            const page = await this.store.readAudit(expectedSeq - 1, pageSize);
            for (const record of page) {
                const { hash, prevHash: storedPrev, ...body } = record;
                if (record.seq !== expectedSeq) {
                    return { ok: false, count, brokenAt: expectedSeq, reason: `entry ${expectedSeq} is missing` };
                }
                if (storedPrev !== prevHash) {
                    return { ok: false, count, brokenAt: record.seq, reason: 'link to the previous entry does not match' };
                }
                if (auditHash(prevHash, body) !== hash) {
                    return { ok: false, count, brokenAt: record.seq, reason: 'entry content does not match its hash' };
                }
                prevHash = hash;
                expectedSeq += 1;
                count += 1;
            }
            if (page.length < pageSize) {
                return { ok: true, count, head: prevHash };
            }
        }
    }
}
