import { expect } from 'chai';
import { loadCustomerSettings } from '../../../src/customers/customer-settings';

describe('customers: settings', () => {
    it('when nothing is configured, then argon2id uses 19 MiB and 2 passes and the files live in the data dir', () => {
        const settings = loadCustomerSettings({}, '/data');
        expect(settings.argon2).to.deep.equal({ memoryKiB: 19_456, iterations: 2, parallelism: 1 });
        expect(settings.databasePath).to.equal('/data/customers.sqlite');
        expect(settings.kekPath).to.equal('/data/kek.hex');
        expect(settings.createKekIfMissing).to.equal(true);
    });

    it('when argon2 is configured below 19 MiB or 2 passes, then start-up fails', () => {
        expect(() => loadCustomerSettings({ CORRIDOR_ARGON2_MEMORY_KIB: '19455' }, '/data')).to.throw(/argonMemoryKiB/);
        expect(() => loadCustomerSettings({ CORRIDOR_ARGON2_ITERATIONS: '1' }, '/data')).to.throw(/argonIterations/);
    });

    it('when a KEK file is configured, then it is never created on the fly', () => {
        expect(loadCustomerSettings({ CORRIDOR_KEK_FILE: '/secrets/kek.hex' }, '/data').createKekIfMissing).to.equal(false);
    });
});
