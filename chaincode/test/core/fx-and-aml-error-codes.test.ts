import { expect } from 'chai';
import { ERROR_CODES } from '../../src/core/errors';
import { testSources } from './test-sources';

describe('fx and aml error code coverage', () => {
    it('when the tests are read, then every fx and aml error code is expected by at least one of them', () => {
        const sources = testSources();
        // The FX and AML block starts right after the ledger's last code.
        const ours = ERROR_CODES.slice(ERROR_CODES.indexOf('ALREADY_VOTED') + 1);
        expect(ours).to.include.members(['RATE_NOT_FOUND', 'QUOTE_EXPIRED', 'REVIEW_INVALID_TRANSITION']);
        const untested = ours.filter((code) => !sources.includes(`'${code}'`));
        expect(untested).to.deep.equal([]);
    });
});
