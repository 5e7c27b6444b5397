import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { ERROR_CODES } from '../../src/errors';

describe('fx and aml error code coverage', () => {
    it('when the fx, aml, exchange, screening and ledger tests are read, then every fx and aml error code is expected by at least one of them', () => {
        const sources = ['fx', 'aml', 'exchange', 'screening', 'ledger']
            .map((name) => join(__dirname, '..', '..', '..', 'test', name))
            .flatMap((folder) => readdirSync(folder).filter((file) => file.endsWith('.test.ts')).map((file) => readFileSync(join(folder, file), 'utf8')))
            .join('\n');
        // The FX and AML block starts right after the ledger's last code.
        const ours = ERROR_CODES.slice(ERROR_CODES.indexOf('ALREADY_VOTED') + 1);
        expect(ours).to.include.members(['RATE_NOT_FOUND', 'QUOTE_EXPIRED', 'REVIEW_INVALID_TRANSITION']);
        const untested = ours.filter((code) => !sources.includes(`'${code}'`));
        expect(untested).to.deep.equal([]);
    });
});
