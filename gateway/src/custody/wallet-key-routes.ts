import Joi from 'joi';
import { AppError } from '../errors';
import type { Route } from '../http/routes';
import { validate } from '../http/validate';
import { caller, session } from '../customers/customer-http';
import type { LedgerAccountService } from './ledger-account-service';
import type { WalletKeyService } from './wallet-key-service';

/** A key the bank holds, or the public half of one the customer holds. */
type WalletKeyRequest = { mode: 'custodial'; publicKey?: undefined } | { mode: 'self_custody'; publicKey: string };

const walletKeyRequest = Joi.object<WalletKeyRequest>({
    mode: Joi.string().valid('custodial', 'self_custody').required(),
    publicKey: Joi.when('mode', { is: 'self_custody', then: Joi.string().min(1).max(1024).required(), otherwise: Joi.forbidden() }),
}).required();

/** HTTP face of a customer's wallet key; the ledger account and payments are in customer-ledger-routes. */
export function walletKeyRoutes(wallets: WalletKeyService, ledgerAccounts: LedgerAccountService): Route[] {
    return [
        {
            method: 'post',
            path: '/v1/me/wallet-key',
            roles: ['customer'],
            async handle(req, res) {
                const body = validate(walletKeyRequest, req.body);
                const me = session(res).userId;
                const key =
                    body.mode === 'custodial'
                        ? await wallets.createCustodial(me, caller(req).clientAddress)
                        : await wallets.registerSelfCustody(me, body.publicKey, caller(req).clientAddress);
                res.status(201).json({ ...key, account: await openAccountFor(ledgerAccounts, me, caller(req).clientAddress) });
            },
        },
        {
            method: 'get',
            path: '/v1/me/wallet-key',
            roles: ['customer'],
            async handle(_req, res) {
                res.json(await wallets.get(session(res).userId));
            },
        },
    ];
}

/**
 * The bank opens the ledger account as soon as the key is set. The key is kept even when
 * the ledger does not answer; the answer says so, and POST /v1/me/account opens it later.
 */
async function openAccountFor(ledgerAccounts: LedgerAccountService, customerId: string, clientAddress: string): Promise<{ address: string } | { address: null; code: string; retry: string }> {
    try {
        return { address: (await ledgerAccounts.open(customerId, clientAddress)).address };
    } catch (err) {
        return { address: null, code: err instanceof AppError ? err.code : 'INTERNAL', retry: 'POST /v1/me/account' };
    }
}
