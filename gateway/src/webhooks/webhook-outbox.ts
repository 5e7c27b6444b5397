import type { IndexedBlock } from '../index/index-model';
import type { BlockHook } from '../index/sql-index-store';
import type { SqlExecutor } from '../sql/sql-driver';
import { eventsOfBlock, quotesOfBlock, type EventDraft } from './webhook-events';
import type { WebhookStore } from './webhook-store';

/**
 * The index hook: a block's events are queued in the transaction that commits the block's
 * rows and checkpoint. A crash before the commit loses both and the block is read again;
 * after it, both are durable: no event without its ledger record, none lost.
 *
 * A gateway queues only events whose audience holds its own bank: the payer's bank, the
 * payee's bank, the FX provider of a converted payment, the requester and provider of a
 * quote. The regulator is in no audience, so its gateway queues nothing even if an
 * endpoint is registered there: it audits through its queries, which see everything.
 */
export class WebhookOutbox implements BlockHook {
    constructor(
        private readonly store: WebhookStore,
        private readonly bank: string,
        private readonly onCommitted: () => void,
        private readonly now: () => Date = () => new Date(),
    ) {}

    async inTransaction(tx: SqlExecutor, block: IndexedBlock): Promise<void> {
        const drafts: EventDraft[] = [];
        // One statement at a time: the transaction's connection runs them in order.
        for (const draft of eventsOfBlock(block)) {
            drafts.push(await this.withAudience(tx, draft));
        }
        await this.store.enqueue(tx, drafts, this.bank, this.now().toISOString());
        const quotes = quotesOfBlock(block);
        await this.store.rememberQuotes(tx, quotes.issued.filter((q) => q.audience.includes(this.bank)), quotes.used, block.number);
    }

    committed(): void {
        this.onCommitted();
    }

    /** An event whose payload names no bank (a review step) concerns the banks of its payment, as indexed. */
    private async withAudience(tx: SqlExecutor, draft: EventDraft): Promise<EventDraft> {
        if (draft.audience.length > 0 || draft.subject.kind !== 'payment') {
            return draft;
        }
        return { ...draft, audience: await this.store.paymentBanks(tx, draft.subject.id) };
    }
}
