import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { formatAmount, formatDateTime } from '../../src/i18n/format.ts';

describe('amounts and dates per locale', () => {
    it('when an amount has more digits than a float holds, then every digit is kept', () => {
        assert.equal(formatAmount('90071992547409.93', 'EUR', 'en').replace(/\s/g, ' '), 'EUR 90,071,992,547,409.93');
    });

    it('when the locale is zh-CN or en, then the grouping and currency follow it', () => {
        assert.equal(formatAmount('1234.5', 'CNY', 'zh-CN').replace(/\s/g, ' '), 'CNY 1,234.50');
        assert.equal(formatAmount('1234.5', 'EUR', 'en').replace(/\s/g, ' '), 'EUR 1,234.50');
        assert.equal(formatAmount('7', 'JPY', 'en').replace(/\s/g, ' '), 'JPY 7');
    });

    it('when the amount is not a decimal string, then it is not guessed at', () => {
        assert.equal(formatAmount('1e3', 'EUR', 'en').replace(/\s/g, ' '), 'EUR 0.00');
    });

    it('dates follow the locale and a bad date is shown as given', () => {
        assert.match(formatDateTime('2026-03-01T08:00:00Z', 'zh-CN'), /2026年3月1日/);
        assert.match(formatDateTime('2026-03-01T08:00:00Z', 'en'), /Mar 1, 2026/);
        assert.equal(formatDateTime('not a date', 'en'), 'not a date');
    });
});
