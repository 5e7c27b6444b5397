import type { AccountStore } from '../identity/identity-store';
import type { SupportEvent, SupportRequest } from '../customers/customer-model';

/** Staff-assisted requests, with the user and answers a reset reads and replaces. */
export interface SupportStore extends Pick<AccountStore, 'findUserById' | 'replaceSecurityAnswers'> {
    insertSupportRequest(request: SupportRequest): Promise<void>;
    getSupportRequest(id: string): Promise<SupportRequest | undefined>;
    listSupportRequests(status: SupportRequest['status'], limit: number): Promise<SupportRequest[]>;
    updateSupportRequest(request: SupportRequest): Promise<void>;
    insertSupportEvent(event: SupportEvent): Promise<void>;
    listSupportEvents(requestId: string): Promise<SupportEvent[]>;
}
