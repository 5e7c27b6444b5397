import { Context, Contract, Info, Transaction } from 'fabric-contract-api';
import { listNotices, publishNotice, readNotice } from '../members/notices';
import { evaluated, jsonArgument, submitted } from './transaction';

@Info({ title: 'NoticeContract', description: 'Consortium maintenance and upgrade notices' })
export class NoticeContract extends Contract {
    constructor() {
        super('Notice');
    }

    /** Publishes a notice; re-sending an identical notice returns the stored one. */
    @Transaction()
    public async Publish(ctx: Context, noticeJson: string): Promise<string> {
        return submitted(ctx, 'governance', (store, caller) => publishNotice(store, caller, jsonArgument(noticeJson, 'notice')));
    }

    @Transaction(false)
    public async Get(ctx: Context, id: string): Promise<string> {
        return evaluated(ctx, (store) => readNotice(store, id));
    }

    @Transaction(false)
    public async List(ctx: Context): Promise<string> {
        return evaluated(ctx, (store) => listNotices(store));
    }
}
