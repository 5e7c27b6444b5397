import { expect } from 'chai';
import { deriveAddress } from '../../../src/accounts/address';
import { parsePublicKey } from '../../../src/accounts/public-key';
import { parseFeeSchedule, parseQuoteRequest } from '../../../src/fx/ledger/quotes';
import { MAX_FEE_BASIS_POINTS } from '../../../src/fx/model';
import { newKeyPair } from '../../support/corridor-fixture';
import { expectCode, request } from '../model/fixtures';

describe('fx quote request and fee schedule parsing (the one wire form, major units)', () => {
    const payer = deriveAddress(parsePublicKey(newKeyPair('ed25519').publicKeyPem));
    const wire = {
        quoteId: 'quote-1', provider: 'FxBankMSP', payer, sourceCurrency: 'USD', targetCurrency: 'JPY',
        sourceAmount: '100.00', lifetimeSeconds: 60,
    };

    it('when a request is well formed, then it becomes the model\'s request with bigint minor units', () => {
        expect(parseQuoteRequest(wire)).to.deep.equal(request({ payer }));
        expect(parseQuoteRequest({ ...wire, sourceAmount: undefined, targetAmount: '15001' }).targetAmount).to.equal(15_001n);
    });

    it('when the lifetime is 1 or 3600 seconds it is accepted, and 0 or 3601 rejected', () => {
        expect(parseQuoteRequest({ ...wire, lifetimeSeconds: 1 }).lifetimeSeconds).to.equal(1);
        expect(parseQuoteRequest({ ...wire, lifetimeSeconds: 3600 }).lifetimeSeconds).to.equal(3600);
        expectCode(() => parseQuoteRequest({ ...wire, lifetimeSeconds: 0 }), 'INVALID_ARGUMENT', 'lifetimeSeconds');
        expectCode(() => parseQuoteRequest({ ...wire, lifetimeSeconds: 3601 }), 'INVALID_ARGUMENT', 'lifetimeSeconds');
        expectCode(() => parseQuoteRequest({ ...wire, lifetimeSeconds: 1.5 }), 'INVALID_ARGUMENT', 'lifetimeSeconds');
    });

    const bad: Array<[string, Record<string, unknown>, string, string]> = [
        ['both amounts', { targetAmount: '1' }, 'INVALID_ARGUMENT', 'exactly one'],
        ['neither amount', { sourceAmount: undefined }, 'INVALID_ARGUMENT', 'exactly one'],
        ['a zero amount', { sourceAmount: '0' }, 'AMOUNT_NOT_POSITIVE', 'greater than zero'],
        ['too many decimals', { sourceAmount: '100.001' }, 'AMOUNT_TOO_PRECISE', 'decimals'],
        ['the same currency twice', { targetCurrency: 'USD' }, 'INVALID_ARGUMENT', 'differ'],
        ['an unknown currency', { sourceCurrency: 'XXX' }, 'UNSUPPORTED_CURRENCY', 'sourceCurrency'],
        ['a bad payer', { payer: 'a b' }, 'INVALID_ADDRESS', 'payer'],
        ['an unknown field', { rate: '1' }, 'INVALID_ARGUMENT', 'unknown field'],
    ];
    for (const [name, change, code, detail] of bad) {
        it(`when the request has ${name}, then ${code}`, () => {
            expectCode(() => parseQuoteRequest({ ...wire, ...change }), code, detail);
        });
    }

    it('when fee basis points are at the maximum they are accepted, and one past it rejected', () => {
        expect(parseFeeSchedule({ currency: 'USD', fixed: '0', basisPoints: MAX_FEE_BASIS_POINTS })).to.deep.equal({ currency: 'USD', fixed: 0n, basisPoints: 1000 });
        expect(parseFeeSchedule({ currency: 'USD', fixed: '1.25', basisPoints: 0 }).fixed).to.equal(125n);
        expectCode(() => parseFeeSchedule({ currency: 'USD', fixed: '0', basisPoints: MAX_FEE_BASIS_POINTS + 1 }), 'INVALID_ARGUMENT', 'basisPoints');
        expectCode(() => parseFeeSchedule({ currency: 'USD', fixed: '0', basisPoints: -1 }), 'INVALID_ARGUMENT', 'basisPoints');
    });

    it('when the fee schedule has a bad currency or fixed fee, then it is refused with the amount\'s code', () => {
        expectCode(() => parseFeeSchedule({ currency: 'XXX', fixed: '0', basisPoints: 0 }), 'UNSUPPORTED_CURRENCY', 'currency');
        expectCode(() => parseFeeSchedule({ currency: 'USD', fixed: '-1', basisPoints: 0 }), 'AMOUNT_NOT_POSITIVE', 'fixed');
        expectCode(() => parseFeeSchedule({ currency: 'USD', fixed: 5, basisPoints: 0 }), 'INVALID_ARGUMENT', 'fixed');
    });
});
