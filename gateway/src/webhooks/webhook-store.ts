import { randomBytes } from 'node:crypto';
import { canonicalize } from '@corridor/chaincode/api';
import { migrate } from '../sql/migrations';
import { big, int, str, strOrNull, type SqlDriver, type SqlExecutor, type SqlRow, type SqlValue } from '../sql/sql-driver';
import type { DeliveryBody, EventDraft, EventType, QuoteFact } from './webhook-events';
import { WEBHOOK_MIGRATIONS } from './webhook-migrations';

export type EndpointState = 'active' | 'disabled';
export type DeliveryState = 'pending' | 'delivered' | 'failed';

/** An endpoint as stored: secrets stay sealed (JSON envelopes) until the worker signs. */
export interface EndpointRow {
    id: string;
    bank: string;
    url: string;
    events: EventType[];
    description: string | null;
    state: EndpointState;
    sealedSecret: string;
    sealedPrevious: string | null;
    previousValidUntil: string | null;
    createdAt: string;
}

export interface DeliveryRow {
    deliveryId: string;
    endpointId: string;
    eventId: string;
    eventType: EventType;
    state: DeliveryState;
    attempts: number;
    lastStatus: number | null;
    lastError: string | null;
    nextAttemptAt: string | null;
    deliveredAt: string | null;
    createdAt: string;
}

/** A delivery the worker is to attempt now, with the event's stored body. */
export interface DueDelivery {
    deliveryId: string;
    endpointId: string;
    eventId: string;
    attempts: number;
    body: string;
    committedAt: string;
}

/** A keyset position in an endpoint's delivery log (newest first). */
export interface LogPosition {
    createdAt: string;
    deliveryId: string;
}

/** The webhook tables over any SQL driver: SQLite and PostgreSQL run the same statements. */
export class WebhookStore {
    constructor(readonly db: SqlDriver) {}

    async migrate(): Promise<void> {
        await migrate(this.db, 'webhook_migrations', WEBHOOK_MIGRATIONS, undefined);
    }

    async createEndpoint(row: EndpointRow): Promise<void> {
        await this.db.run(
            `INSERT INTO webhook_endpoints (id, bank, url, events, description, state, secret, previous_secret, previous_valid_until, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?)`,
            [row.id, row.bank, row.url, JSON.stringify(row.events), row.description, row.state, row.sealedSecret, row.createdAt, row.createdAt],
        );
    }

    async endpoints(bank: string): Promise<EndpointRow[]> {
        return (await this.db.all('SELECT * FROM webhook_endpoints WHERE bank = ? ORDER BY created_at, id', [bank])).map(endpointRow);
    }

    async endpoint(id: string): Promise<EndpointRow | undefined> {
        const [row] = await this.db.all('SELECT * FROM webhook_endpoints WHERE id = ?', [id]);
        return row === undefined ? undefined : endpointRow(row);
    }

    async setState(id: string, state: EndpointState, at: string): Promise<void> {
        await this.db.run('UPDATE webhook_endpoints SET state = ?, updated_at = ? WHERE id = ?', [state, at, id]);
    }

    async rotate(id: string, sealedSecret: string, sealedPrevious: string, previousValidUntil: string, at: string): Promise<void> {
        await this.db.run('UPDATE webhook_endpoints SET secret = ?, previous_secret = ?, previous_valid_until = ?, updated_at = ? WHERE id = ?', [
            sealedSecret,
            sealedPrevious,
            previousValidUntil,
            at,
            id,
        ]);
    }

    /**
     * Queues events inside the caller's transaction: each event once (its id is the key),
     * numbered in its subject's sequence, with one delivery per active endpoint of `bank`
     * that subscribed to its type. Returns the deliveries queued.
     */
    async enqueue(tx: SqlExecutor, drafts: readonly EventDraft[], bank: string, committedAt: string): Promise<number> {
        const mine = drafts.filter((d) => d.audience.includes(bank));
        if (mine.length === 0) {
            return 0;
        }
        const endpoints = (await tx.all("SELECT id, events FROM webhook_endpoints WHERE bank = ? AND state = 'active'", [bank])).map((r) => ({
            id: str(r.id),
            events: JSON.parse(str(r.events)) as string[],
        }));
        let queued = 0;
        for (const draft of mine) {
            const known = await tx.all('SELECT 1 AS known FROM webhook_events WHERE id = ?', [draft.id]);
            if (known.length > 0) {
                continue; // A replayed block: queued when it was first committed.
            }
            const sequence = await nextSequence(tx, draft);
            const body: DeliveryBody = { id: draft.id, type: draft.type, createdAt: draft.createdAt, subject: draft.subject, sequence, ledger: draft.ledger, data: draft.data };
            await tx.run('INSERT INTO webhook_events (id, type, subject_kind, subject_id, sequence, body, committed_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
                draft.id,
                draft.type,
                draft.subject.kind,
                draft.subject.id,
                sequence,
                canonicalize(body),
                committedAt,
            ]);
            for (const endpoint of endpoints.filter((e) => e.events.includes(draft.type))) {
                queued += await tx.run(
                    `INSERT INTO webhook_deliveries (delivery_id, endpoint_id, event_id, subject_kind, subject_id, sequence, state, attempts, next_attempt_at, created_at)
                     VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT (endpoint_id, event_id) DO NOTHING`,
                    [newDeliveryId(), endpoint.id, draft.id, draft.subject.kind, draft.subject.id, sequence, committedAt, committedAt],
                );
            }
        }
        return queued;
    }

    /** The banks of a payment the index holds (both sides), for events whose chaincode payload does not name them. */
    async paymentBanks(tx: SqlExecutor, paymentId: string): Promise<string[]> {
        const [row] = await tx.all('SELECT from_bank, to_bank FROM transactions WHERE key = ?', [`payment:${paymentId}`]);
        return row === undefined ? [] : [...new Set([str(row.from_bank), str(row.to_bank)])];
    }

    async rememberQuotes(tx: SqlExecutor, issued: readonly QuoteFact[], used: readonly string[], block: bigint): Promise<void> {
        for (const quote of issued) {
            await tx.run(
                `INSERT INTO webhook_quotes (quote_id, expires_at, audience, data, tx_id, block_number, state) VALUES (?, ?, ?, ?, ?, ?, 'open')
                 ON CONFLICT (quote_id) DO NOTHING`,
                [quote.quoteId, quote.expiresAt, JSON.stringify(quote.audience), canonicalize(quote.data), quote.txId, block],
            );
        }
        for (const quoteId of used) {
            await tx.run("UPDATE webhook_quotes SET state = 'used' WHERE quote_id = ? AND state = 'open'", [quoteId]);
        }
    }

    /** Open quotes expiring at or before `horizon` and not yet past `now`. */
    async quotesExpiring(now: string, horizon: string, limit: number): Promise<(QuoteFact & { block: bigint })[]> {
        const rows = await this.db.all("SELECT * FROM webhook_quotes WHERE state = 'open' AND expires_at <= ? AND expires_at > ? ORDER BY expires_at LIMIT ?", [horizon, now, limit]);
        return rows.map((r) => ({
            quoteId: str(r.quote_id),
            expiresAt: str(r.expires_at),
            audience: JSON.parse(str(r.audience)) as string[],
            data: JSON.parse(str(r.data)) as Record<string, unknown>,
            txId: str(r.tx_id),
            block: big(r.block_number),
        }));
    }

    async markQuoteAnnounced(tx: SqlExecutor, quoteId: string): Promise<void> {
        await tx.run("UPDATE webhook_quotes SET state = 'announced' WHERE quote_id = ?", [quoteId]);
    }

    /**
     * Pending deliveries due by `now` to active endpoints, each only when no earlier event
     * of its subject is still pending for the same endpoint: per endpoint and subject, the
     * receiver sees the sequence in order. A delivery failed for good does not block.
     */
    async due(now: string, limit: number): Promise<DueDelivery[]> {
        const rows = await this.db.all(
            `SELECT d.delivery_id, d.endpoint_id, d.event_id, d.attempts, ev.body, ev.committed_at
             FROM webhook_deliveries d
             JOIN webhook_endpoints e ON e.id = d.endpoint_id
             JOIN webhook_events ev ON ev.id = d.event_id
             WHERE d.state = 'pending' AND d.next_attempt_at <= ? AND e.state = 'active'
               AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p
                   WHERE p.endpoint_id = d.endpoint_id AND p.subject_kind = d.subject_kind AND p.subject_id = d.subject_id
                     AND p.state = 'pending' AND p.sequence < d.sequence)
             ORDER BY d.next_attempt_at, d.sequence LIMIT ?`,
            [now, limit],
        );
        return rows.map((r) => ({
            deliveryId: str(r.delivery_id),
            endpointId: str(r.endpoint_id),
            eventId: str(r.event_id),
            attempts: int(r.attempts),
            body: str(r.body),
            committedAt: str(r.committed_at),
        }));
    }

    async markDelivered(deliveryId: string, attempts: number, status: number, at: string): Promise<void> {
        await this.db.run("UPDATE webhook_deliveries SET state = 'delivered', attempts = ?, last_status = ?, last_error = NULL, next_attempt_at = NULL, delivered_at = ? WHERE delivery_id = ?", [
            attempts,
            status,
            at,
            deliveryId,
        ]);
    }

    /** A failed attempt: retried at `nextAttemptAt`, or failed for good when it is null. */
    async markAttemptFailed(deliveryId: string, attempts: number, status: number | null, error: string, nextAttemptAt: string | null): Promise<void> {
        await this.db.run('UPDATE webhook_deliveries SET state = ?, attempts = ?, last_status = ?, last_error = ?, next_attempt_at = ? WHERE delivery_id = ?', [
            nextAttemptAt === null ? 'failed' : 'pending',
            attempts,
            status,
            error.slice(0, 500),
            nextAttemptAt,
            deliveryId,
        ]);
    }

    async deliveries(endpointId: string, after: LogPosition | undefined, limit: number): Promise<DeliveryRow[]> {
        const params: SqlValue[] = [endpointId];
        let keyset = '';
        if (after !== undefined) {
            keyset = 'AND (d.created_at < ? OR (d.created_at = ? AND d.delivery_id < ?))';
            params.push(after.createdAt, after.createdAt, after.deliveryId);
        }
        const rows = await this.db.all(
            `SELECT d.*, ev.type FROM webhook_deliveries d JOIN webhook_events ev ON ev.id = d.event_id
             WHERE d.endpoint_id = ? ${keyset} ORDER BY d.created_at DESC, d.delivery_id DESC LIMIT ?`,
            [...params, limit],
        );
        return rows.map(deliveryRow);
    }

    async delivery(endpointId: string, deliveryId: string): Promise<DeliveryRow | undefined> {
        const [row] = await this.db.all(
            'SELECT d.*, ev.type FROM webhook_deliveries d JOIN webhook_events ev ON ev.id = d.event_id WHERE d.endpoint_id = ? AND d.delivery_id = ?',
            [endpointId, deliveryId],
        );
        return row === undefined ? undefined : deliveryRow(row);
    }

    /** Sends a delivery again from its first attempt, whatever became of it. */
    async redeliver(deliveryId: string, now: string): Promise<void> {
        await this.db.run("UPDATE webhook_deliveries SET state = 'pending', attempts = 0, next_attempt_at = ? WHERE delivery_id = ?", [now, deliveryId]);
    }

    async pendingCount(): Promise<number> {
        const [row] = await this.db.all("SELECT COUNT(*) AS n FROM webhook_deliveries WHERE state = 'pending'");
        return row === undefined ? 0 : int(row.n);
    }

    close(): Promise<void> {
        return this.db.close();
    }
}

async function nextSequence(tx: SqlExecutor, draft: EventDraft): Promise<number> {
    const [row] = await tx.all('SELECT last_sequence FROM webhook_subjects WHERE subject_kind = ? AND subject_id = ?', [draft.subject.kind, draft.subject.id]);
    const next = row === undefined ? 1 : int(row.last_sequence) + 1;
    await tx.run(
        `INSERT INTO webhook_subjects (subject_kind, subject_id, last_sequence) VALUES (?, ?, ?)
         ON CONFLICT (subject_kind, subject_id) DO UPDATE SET last_sequence = excluded.last_sequence`,
        [draft.subject.kind, draft.subject.id, next],
    );
    return next;
}

function newDeliveryId(): string {
    return `dlv_${randomBytes(12).toString('hex')}`;
}

function endpointRow(r: SqlRow): EndpointRow {
    return {
        id: str(r.id),
        bank: str(r.bank),
        url: str(r.url),
        events: JSON.parse(str(r.events)) as EventType[],
        description: strOrNull(r.description),
        state: str(r.state) as EndpointState,
        sealedSecret: str(r.secret),
        sealedPrevious: strOrNull(r.previous_secret),
        previousValidUntil: strOrNull(r.previous_valid_until),
        createdAt: str(r.created_at),
    };
}

function deliveryRow(r: SqlRow): DeliveryRow {
    return {
        deliveryId: str(r.delivery_id),
        endpointId: str(r.endpoint_id),
        eventId: str(r.event_id),
        eventType: str(r.type) as EventType,
        state: str(r.state) as DeliveryState,
        attempts: int(r.attempts),
        lastStatus: r.last_status === null || r.last_status === undefined ? null : int(r.last_status),
        lastError: strOrNull(r.last_error),
        nextAttemptAt: strOrNull(r.next_attempt_at),
        deliveredAt: strOrNull(r.delivered_at),
        createdAt: str(r.created_at),
    };
}
