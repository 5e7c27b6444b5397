import type { Notice } from '@corridor/chaincode/api';
import type { Ledger, SubmitOptions } from '../fabric/ledger-client';
import { ledgerContract, type LedgerContract } from '../fabric/ledger-contract';

export type { Notice };
export type NoticeInput = Pick<Notice, 'id' | 'kind' | 'title' | 'body' | 'effectiveAt'>;

export interface PublishOutcome {
    notice: Notice;
    created: boolean;
    txId: string;
    blockNumber: string;
}

/** Consortium maintenance notices (mission 7.1), kept on the ledger. */
export class NoticeService {
    private readonly contract: LedgerContract;

    constructor(private readonly ledger: Ledger) {
        this.contract = ledgerContract(ledger);
    }

    async publish(input: NoticeInput, submission: SubmitOptions = {}): Promise<PublishOutcome> {
        const { value: notice, txId, blockNumber } = await ledgerContract(this.ledger, submission).notices.publish({ ...input });
        // The chaincode answers a repeated notice with the stored one, from its first transaction.
        return { notice, created: notice.txId === txId, txId, blockNumber };
    }

    async get(id: string): Promise<Notice> {
        return this.contract.notices.get(id);
    }

    async list(): Promise<Notice[]> {
        return this.contract.notices.list();
    }
}
