import type { Ledger } from '../fabric/ledger-client';
import type { CustomerModule } from '../customers/customer-module';
import { CustomerFx } from './customer-fx';
import { TopUps } from './top-ups';
import { CustomerSearch } from './customer-search';
import { PayeeDirectory } from './payee-directory';

/** How long a customer's quote stays firm: long enough to read the cost and confirm. */
export const CUSTOMER_QUOTE_SECONDS = 120;

/** The self-service use cases on the app's ledger and the customers module's store and keys. */
export function selfService(ledger: Ledger, customers: CustomerModule, mspId: string): [CustomerFx, TopUps, CustomerSearch, PayeeDirectory] {
    const { settings } = customers;
    return [
        new CustomerFx(ledger, customers.store, customers.wallets, { fxProvider: settings.fxProvider ?? mspId, quoteLifetimeSeconds: CUSTOMER_QUOTE_SECONDS }),
        new TopUps(ledger, customers.store, { mspId, ...(settings.topUpIban === undefined ? {} : { iban: settings.topUpIban }) }, customers.audit, customers.clock),
        new CustomerSearch(customers.store, customers.audit),
        new PayeeDirectory(customers.store, customers.clock),
    ];
}
