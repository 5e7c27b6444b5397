import { AppError } from '../errors';
import { RateLimiter, type RateLimit } from '../security/rate-limiter';
import type { Clock } from '../security/clock';
import type { CustomerDirectoryStore } from './customer-search';

/** A payee as the payer may see them: where to pay and enough of the name to recognise them. */
export interface PayeeView {
    address: string;
    /** First letter of each part of the name, the rest hidden: "A**** E******". */
    displayName: string;
}

/** Lookups one customer may make: enough to pay a few people, too few to walk a phone book. */
export const PAYEE_LOOKUPS: RateLimit = { limit: 10, windowSeconds: 60 };

/**
 * Finds a payee by phone or email among this bank's own customers. It answers a signed-in
 * customer only, with the ledger address and a masked name, and only for customers who
 * have a ledger account; staff are never found. It knows nothing of other banks'
 * customers (their data never leaves their bank), so a payee at another bank is paid by
 * address. Each customer's lookups are rate-limited, found or not, so the directory
 * cannot be enumerated.
 */
export class PayeeDirectory {
    private readonly limiter: RateLimiter;

    constructor(
        private readonly store: Pick<CustomerDirectoryStore, 'findUserByContact' | 'getLedgerAccount'>,
        clock: Clock,
    ) {
        this.limiter = new RateLimiter(clock);
    }

    async resolve(customerId: string, alias: { phone: string } | { email: string }): Promise<PayeeView> {
        if (!this.limiter.hit(`payee-lookup:${customerId}`, PAYEE_LOOKUPS)) {
            throw new AppError('RATE_LIMITED', `at most ${PAYEE_LOOKUPS.limit} payee lookups a minute`);
        }
        const user = await this.store.findUserByContact(alias);
        const account = user?.role === 'customer' ? await this.store.getLedgerAccount(user.id) : undefined;
        if (user === undefined || account === undefined) {
            throw new AppError('NOT_FOUND', 'no customer of this bank can be paid at that alias; a payee at another bank is paid by address');
        }
        return { address: account.address, displayName: maskName(user.name) };
    }
}

const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Per part of the name, its first character (a whole grapheme, so 张 or é stays intact) and a star for each other. */
export function maskName(name: string): string {
    return name
        .trim()
        .split(/\s+/u)
        .map((part) => {
            const letters = Array.from(GRAPHEMES.segment(part), (piece) => piece.segment);
            return `${letters[0] ?? ''}${'*'.repeat(Math.max(letters.length - 1, 1))}`;
        })
        .join(' ');
}
