import type { Ledger, SubmitOptions } from '../fabric/ledger-client';

export interface NoticeInput {
    id: string;
    kind: 'routine' | 'emergency';
    title: string;
    body: string;
    effectiveAt: string;
}

export interface Notice extends NoticeInput {
    publishedBy: string;
    publishedAt: string;
    txId: string;
}

export interface PublishOutcome {
    notice: Notice;
    created: boolean;
    txId: string;
    blockNumber: string;
}

/** Consortium maintenance notices (mission 7.1), kept on the ledger. */
export class NoticeService {
    constructor(private readonly ledger: Ledger) {}

    async publish(input: NoticeInput, submission: SubmitOptions = {}): Promise<PublishOutcome> {
        const { result, txId, blockNumber } = await this.ledger.submit('Notice:Publish', [JSON.stringify(input)], submission);
        const notice = JSON.parse(result) as Notice;
        // The chaincode answers a repeated notice with the stored one, from its first transaction.
        return { notice, created: notice.txId === txId, txId, blockNumber };
    }

    async get(id: string): Promise<Notice> {
        return JSON.parse(await this.ledger.evaluate('Notice:Get', id)) as Notice;
    }

    async list(): Promise<Notice[]> {
        return JSON.parse(await this.ledger.evaluate('Notice:List')) as Notice[];
    }
}
