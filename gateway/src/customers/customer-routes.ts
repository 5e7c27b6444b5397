import type { Route } from '../http/routes';
import { walletKeyRoutes } from '../custody/wallet-key-routes';
import { identityRoutes } from '../identity/identity-routes';
import { kycRoutes } from '../kyc/kyc-routes';
import { supportRoutes } from '../support/support-routes';
import type { CustomerModule } from './customer-module';
import { devMailboxRoutes } from '../notifications/dev-mailbox-routes';

/** The customer side's routes that take no Idempotency-Key (the ledger writes are customer-ledger-routes'). */
export function customerRoutes(customers: CustomerModule): Route[] {
    return [
        ...identityRoutes(customers),
        ...supportRoutes(customers.support),
        ...kycRoutes(customers.kyc),
        ...walletKeyRoutes(customers.wallets, customers.ledgerAccounts),
        ...devMailboxRoutes(customers.mailbox),
    ];
}
