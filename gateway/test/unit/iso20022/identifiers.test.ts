import { expect } from 'chai';
import { currencyExponent, supportedCurrencies } from '@corridor/chaincode/api';
import { formatMinor, readAmount } from '../../../src/iso20022/amounts';
import { accountIdOf, addressOf, isValidBic, isValidIban } from '../../../src/iso20022/identifiers';
import { wallet } from './pain001-fixture';

describe('ISO 20022 identifiers and amounts', () => {
    it('when an IBAN has a correct mod-97 check and its country length, then it is valid', () => {
        for (const iban of ['DE89370400440532013000', 'GB29NWBK60161331926819', 'CH9300762011623852957', 'NO9386011117947', 'LC55HEMM000100010012001200023015']) {
            expect(isValidIban(iban), iban).to.equal(true);
        }
    });

    it('when an IBAN has a changed digit, swapped digits, a wrong length, spaces, lower case or an unknown country, then it is invalid', () => {
        for (const iban of ['DE89370400440532013001', 'DE89370400440532010300', 'DE8937040044053201300', 'DE89 3704 0044 0532 0130 00', 'de89370400440532013000', 'US89370400440532013000', 'DE00370400440532013000', '']) {
            expect(isValidIban(iban), iban).to.equal(false);
        }
    });

    it('when a BIC has 8 or 11 characters and a real country, then it is valid; otherwise not', () => {
        for (const bic of ['RHUBDEFFXXX', 'HHBKUS33XXX', 'PRCBCNGZXXX', 'COAUCHZZXXX', 'DEUTDEFF', 'DEUTDEFF500']) {
            expect(isValidBic(bic), bic).to.equal(true);
        }
        for (const bic of ['RHUBQQFFXXX', 'DEUTDEF', 'DEUTDEFF50', 'DEUTDEFF5000', 'deutdeff', 'DEUT1EFF', '']) {
            expect(isValidBic(bic), bic).to.equal(false);
        }
    });

    it('when an address travels as an account id, then it has 33 characters and comes back unchanged', () => {
        for (const name of ['a', 'b', 'c', 'd', 'e']) {
            const address = wallet(name).address;
            const id = accountIdOf(address);
            expect(id).to.match(/^[1-9A-HJ-NP-Za-km-z]{33}$/);
            expect(addressOf(id)).to.equal(address);
        }
        const zero = 'cx' + '0'.repeat(40);
        expect(() => accountIdOf('cx' + 'g'.repeat(48))).to.throw();
        expect(accountIdOf(zero + '00000000')).to.equal('1'.repeat(33));
    });

    it('when any single character of an account id changes, then it is not an address', () => {
        const id = accountIdOf(wallet('f').address);
        for (let i = 0; i < id.length; i++) {
            const changed = id.slice(0, i) + (id[i] === '2' ? '3' : '2') + id.slice(i + 1);
            expect(addressOf(changed), changed).to.equal(undefined);
        }
        expect(addressOf(id.slice(1))).to.equal(undefined);
        expect(addressOf('0' + id.slice(1))).to.equal(undefined);
        expect(addressOf('z'.repeat(33)), 'above 2^192').to.equal(undefined);
    });

    it('when every currency the ledger settles is read at its full precision, then the amount is the chaincode\'s', () => {
        for (const currency of supportedCurrencies()) {
            const exponent = currencyExponent(currency);
            const text = exponent === 0 ? '1' : `1.${'0'.repeat(exponent - 1)}1`;
            expect(readAmount(text, currency), currency).to.deep.equal({ ok: true, minor: 10n ** BigInt(exponent) + (exponent === 0 ? 0n : 1n), text });
        }
    });

    it('when amounts are read, then the spelling is the ledger one and extra precision is refused', () => {
        expect(readAmount('10.5', 'EUR')).to.deep.equal({ ok: true, minor: 1050n, text: '10.50' });
        expect(readAmount('007', 'JPY')).to.deep.equal({ ok: true, minor: 7n, text: '7' });
        expect(readAmount('1.234', 'KWD')).to.deep.equal({ ok: true, minor: 1234n, text: '1.234' });
        expect(readAmount('1.2345', 'KWD')).to.include({ ok: false, code: 'AMOUNT_TOO_PRECISE' });
        expect(readAmount('0', 'EUR')).to.include({ ok: false, code: 'AMOUNT_NOT_POSITIVE' });
        expect(readAmount('1e3', 'EUR')).to.include({ ok: false, code: 'INVALID_ARGUMENT' });
        expect(readAmount('.', 'EUR')).to.include({ ok: false, code: 'INVALID_ARGUMENT' });
        expect(readAmount('10000000000000000.00', 'EUR')).to.include({ ok: true });
        expect(readAmount('10000000000000000.01', 'EUR')).to.include({ ok: false, code: 'AMOUNT_TOO_LARGE' });
        expect(formatMinor(5n, 'EUR')).to.equal('0.05');
        expect(formatMinor(-1050n, 'EUR')).to.equal('10.50');
    });
});
