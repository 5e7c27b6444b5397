import { Context, Contract, Info, Transaction } from 'fabric-contract-api';
import { fail } from '../core/errors';
import { defundLiquidity, fundLiquidity, liquidityOf, rollUpLiquidity, setWatermark } from '../fx/ledger/liquidity';
import { quoteFor, requestQuote, setFeeSchedule } from '../fx/ledger/quotes';
import { publishRate, rateHistory, usableRates } from '../fx/ledger/rates';
import { requireId } from '../core/validation';
import { isRegulator, readMember } from '../members/members';
import { evaluated, evaluatedBy, jsonArgument, submitted } from './transaction';

/** FX providers' rates, fees and liquidity, and the firm quotes customers pay with. */
@Info({ title: 'FxContract', description: 'FX rates, firm quotes and provider liquidity' })
export class FxContract extends Contract {
    constructor() {
        super('Fx');
    }

    /** {"id","base","quote","bid","ask","validFrom","validUntil"}: bid/ask scaled by 10^9; the caller is the provider. */
    @Transaction()
    public async PublishRate(ctx: Context, rateJson: string): Promise<string> {
        return submitted(ctx, 'treasury', (store, caller) => publishRate(store, caller, jsonArgument(rateJson, 'rate')));
    }

    /** {"currency","fixed": "0.50","basisPoints": 0-1000}: the provider's fee for converting out of a currency. */
    @Transaction()
    public async SetFeeSchedule(ctx: Context, feesJson: string): Promise<string> {
        return submitted(ctx, 'treasury', (store, caller) => setFeeSchedule(store, caller, jsonArgument(feesJson, 'fee schedule')));
    }

    /** {"quoteId","payer","provider","sourceCurrency","targetCurrency","sourceAmount"|"targetAmount","lifetimeSeconds"}, by the payer's bank. */
    @Transaction()
    public async RequestQuote(ctx: Context, requestJson: string): Promise<string> {
        return submitted(ctx, 'payments', (store, caller) => requestQuote(store, caller, jsonArgument(requestJson, 'quote request')));
    }

    /** {"reference","provider","currency","amount"}: the currency's issuer mints into the provider's liquidity account. */
    @Transaction()
    public async FundLiquidity(ctx: Context, fundJson: string): Promise<string> {
        return submitted(ctx, 'treasury', (store, caller) => fundLiquidity(store, caller, jsonArgument(fundJson, 'fund')));
    }

    /** {"reference","currency","amount"}: the provider burns from its own liquidity account. */
    @Transaction()
    public async DefundLiquidity(ctx: Context, defundJson: string): Promise<string> {
        return submitted(ctx, 'treasury', (store, caller) => defundLiquidity(store, caller, jsonArgument(defundJson, 'defund')));
    }

    /** {"currency","amount"}: below this, GetLiquidity flags the currency as low. */
    @Transaction()
    public async SetLiquidityWatermark(ctx: Context, watermarkJson: string): Promise<string> {
        return submitted(ctx, 'treasury', (store, caller) => setWatermark(store, caller, jsonArgument(watermarkJson, 'watermark')));
    }

    /** Folds the liquidity's credit keys in a currency into its balance (quiet periods). */
    @Transaction()
    public async RollUpLiquidity(ctx: Context, currency: string): Promise<string> {
        return submitted(ctx, 'treasury', (store, caller) => rollUpLiquidity(store, caller, currency));
    }

    /** The payer's bank, the provider or the regulator. */
    @Transaction(false)
    public async GetQuote(ctx: Context, quoteId: string): Promise<string> {
        return evaluatedBy(ctx, (store, caller) => quoteFor(store, caller, quoteId));
    }

    /** The rates of a provider usable now for a pair, either orientation. */
    @Transaction(false)
    public async GetRates(ctx: Context, provider: string, base: string, quote: string): Promise<string> {
        return evaluated(ctx, (store) => usableRates(store, requireId(provider, 'provider'), base, quote));
    }

    /** Every rate a provider published for a pair, by validFrom; pageSize "1"-"100", bookmark "" first. */
    @Transaction(false)
    public async GetRateHistory(ctx: Context, provider: string, base: string, quote: string, pageSize: string, bookmark: string): Promise<string> {
        return evaluated(ctx, (store) => rateHistory(store, requireId(provider, 'provider'), base, quote, pageSize, bookmark));
    }

    /** Liquidity per currency with the watermark and a low flag: the provider itself or the regulator. */
    @Transaction(false)
    public async GetLiquidity(ctx: Context, provider: string): Promise<string> {
        return evaluatedBy(ctx, async (store, caller) => {
            const msp = requireId(provider, 'provider');
            if (caller !== msp && !isRegulator(await readMember(store, caller))) {
                fail('UNAUTHORIZED', `${caller} may not read the liquidity of ${msp}`);
            }
            return liquidityOf(store, msp);
        });
    }
}
