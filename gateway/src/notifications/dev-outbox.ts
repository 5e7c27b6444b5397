import { existingVault, openExistingStore } from '../customers/customer-module';
import { loadCustomerSettings } from '../customers/customer-settings';

/**
 * The body of the newest message of a template to a recipient (a phone with a leading
 * plus, else an email) in a data dir's outbox, opened with that dir's key files. The dev
 * network has no SMS or mail gateway: its integration tests play the recipient and read
 * codes here, since the outbox holds recipients and bodies only sealed. Never creates a key.
 */
export async function newestDevMessage(dataDir: string, recipient: string, template: string): Promise<string | undefined> {
    const settings = loadCustomerSettings({}, dataDir);
    const store = await openExistingStore(settings, existingVault(settings));
    try {
        return (await store.newestOutboxTo(recipient.startsWith('+') ? 'sms' : 'email', recipient, template))?.body;
    } finally {
        await store.close();
    }
}
