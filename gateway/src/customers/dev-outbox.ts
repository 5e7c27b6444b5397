import { existingVault } from './customer-module';
import { loadCustomerSettings } from './customer-settings';
import { SqliteCustomerStore } from './sqlite-store';

/**
 * The body of the newest message of a template to a recipient (a phone with a leading
 * plus, else an email) in a data dir's outbox, opened with that dir's key files. The dev
 * network has no SMS or mail gateway: its integration tests play the recipient and read
 * codes here, since the outbox holds recipients and bodies only sealed. Never creates a key.
 */
export function newestDevMessage(dataDir: string, recipient: string, template: string): string | undefined {
    const settings = loadCustomerSettings({}, dataDir);
    const store = new SqliteCustomerStore(settings.databasePath, existingVault(settings));
    try {
        return store.newestOutboxTo(recipient.startsWith('+') ? 'sms' : 'email', recipient, template)?.body;
    } finally {
        store.close();
    }
}
