import { Context, Contract, Info, Transaction } from 'fabric-contract-api';
import { fail } from '../core/errors';
import { evaluated, jsonArgument, submitted } from './transaction';
import { requireCurrency, showAmount } from '../core/amount';
import { accountView, balancesOf, changeHighRisk, changeKycTier, changeStatus, openAccount, requireOwnedAccount } from '../accounts/accounts';
import { rollUpCredits } from '../accounts/balances';
import { accountHistory } from '../accounts/history';
import { burn, listSupply, mint, readSupply, rollUpSupply } from '../supply/supply';

/** Accounts, their balances and the digital currency minted into and burned out of them. */
@Info({ title: 'AccountsContract', description: 'Wallet accounts, balances, mint and burn' })
export class AccountsContract extends Contract {
    constructor() {
        super('Accounts');
    }

    /** {"publicKey": PEM | base64 DER, "holderRef": sha256 hex, "kycTier": 0-3}; the caller's bank serves it. */
    @Transaction()
    public async OpenAccount(ctx: Context, accountJson: string): Promise<string> {
        return submitted(ctx, 'payments', (store, caller) => openAccount(store, caller, jsonArgument(accountJson, 'account')));
    }

    @Transaction()
    public async FreezeAccount(ctx: Context, address: string, reason: string): Promise<string> {
        return submitted(ctx, 'payments', (store, caller) => changeStatus(store, caller, address, 'freeze', reason));
    }

    @Transaction()
    public async UnfreezeAccount(ctx: Context, address: string, reason: string): Promise<string> {
        return submitted(ctx, 'payments', (store, caller) => changeStatus(store, caller, address, 'unfreeze', reason));
    }

    @Transaction()
    public async CloseAccount(ctx: Context, address: string, reason: string): Promise<string> {
        return submitted(ctx, 'payments', (store, caller) => changeStatus(store, caller, address, 'close', reason));
    }

    /** kycTier is "0" to "3". */
    @Transaction()
    public async SetKycTier(ctx: Context, address: string, kycTier: string): Promise<string> {
        return submitted(ctx, 'payments', (store, caller) => changeKycTier(store, caller, address, /^[0-3]$/.test(kycTier) ? Number(kycTier) : kycTier));
    }

    /** highRisk "true" | "false", with a reason: the flag the AML high-risk rules read (enhanced due diligence). */
    @Transaction()
    public async SetHighRisk(ctx: Context, address: string, highRisk: string, reason: string): Promise<string> {
        return submitted(ctx, 'compliance', (store, caller) => changeHighRisk(store, caller, address, highRisk, reason));
    }

    /** Folds pending credit entries into the balance; the owning bank runs it in quiet periods. */
    @Transaction()
    public async RollUpCredits(ctx: Context, address: string, currency: string): Promise<string> {
        return submitted(ctx, 'payments', async (store, caller) => {
            const code = requireCurrency(currency, 'currency');
            const account = await requireOwnedAccount(store, caller, address);
            const balance = await rollUpCredits(store, account.address, code);
            const view = {
                address: account.address,
                currency: code,
                available: showAmount(balance.available, code),
                reserved: showAmount(balance.reserved, code),
            };
            store.emit('CreditsRolledUp', { ...view, txId: store.txId, time: store.txTime });
            return view;
        });
    }

    /** {"reference": bank transfer ref, "address", "currency", "amount": "10.50"}: a top-up by the issuing bank. */
    @Transaction()
    public async Mint(ctx: Context, mintJson: string): Promise<string> {
        return submitted(ctx, 'treasury', (store, caller) => mint(store, caller, jsonArgument(mintJson, 'mint')));
    }

    /** Same shape as Mint: a withdrawal to fiat. */
    @Transaction()
    public async Burn(ctx: Context, burnJson: string): Promise<string> {
        return submitted(ctx, 'treasury', (store, caller) => burn(store, caller, jsonArgument(burnJson, 'burn')));
    }

    @Transaction(false)
    public async GetAccount(ctx: Context, address: string): Promise<string> {
        return evaluated(ctx, (store) => accountView(store, address));
    }

    @Transaction(false)
    public async GetBalances(ctx: Context, address: string): Promise<string> {
        return evaluated(ctx, (store) => balancesOf(store, address));
    }

    /** pageSize "1"-"100"; bookmark "" for the first page. */
    @Transaction(false)
    public async GetAccountHistory(ctx: Context, address: string, pageSize: string, bookmark: string): Promise<string> {
        return evaluated(ctx, (store) => accountHistory(store, address, pageSize, bookmark));
    }

    /** Folds the currency's supply deltas into its supply record: the issuer, in quiet periods. */
    @Transaction()
    public async RollUpSupply(ctx: Context, currency: string): Promise<string> {
        return submitted(ctx, 'treasury', (store, caller) => rollUpSupply(store, caller, currency));
    }

    @Transaction(false)
    public async GetSupply(ctx: Context, currency: string): Promise<string> {
        return evaluated(ctx, async (store) => {
            const code = requireCurrency(currency, 'currency');
            return (await readSupply(store, code)) ?? fail('NOT_FOUND', `no ${code} has been issued`);
        });
    }

    @Transaction(false)
    public async ListSupply(ctx: Context): Promise<string> {
        return evaluated(ctx, (store) => listSupply(store));
    }
}
