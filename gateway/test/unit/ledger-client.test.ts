import { expect } from 'chai';
import { endorsersDisagreed } from '../../src/fabric/ledger-client';

describe('the ledger client retries a split endorsement', () => {
    const endorseError = (code: number, ...messages: string[]) => ({
        code,
        details: messages.map((message, index) => ({ address: `127.0.0.1:${7051 + index * 1000}`, mspId: `Bank${index + 1}MSP`, message })),
    });

    it('when the endorsing peers returned different results, then a new proposal may try again', () => {
        expect(endorsersDisagreed(endorseError(10, 'ProposalResponsePayloads do not match', 'ProposalResponsePayloads do not match'))).to.equal(true);
    });

    it('when the chaincode refused the proposal, timed out or the peer is down, then it is not retried as a split', () => {
        expect(endorsersDisagreed(endorseError(10, 'chaincode response 500, INSUFFICIENT_FUNDS: available 0.00 EUR is less than 1.00'))).to.equal(false);
        expect(endorsersDisagreed(endorseError(4, 'ProposalResponsePayloads do not match'))).to.equal(false);
        expect(endorsersDisagreed(endorseError(14))).to.equal(false);
        expect(endorsersDisagreed(new Error('ProposalResponsePayloads do not match'))).to.equal(false);
    });
});
