import { AppError } from '../errors';
import type { Logger } from '../logger';
import { AuditLog } from '../security/audit-log';
import { systemClock, type Clock } from '../security/clock';
import { EnvelopeCipher } from '../security/envelope-cipher';
import { PasswordHasher } from '../security/password-hasher';
import { RateLimiter } from '../security/rate-limiter';
import { AccountService } from './account-service';
import { loadCustomerSettings, type CustomerSettings } from './customer-settings';
import type { CustomerStore } from './customer-store';
import { KycService, type LedgerTierWriter } from './kyc-service';
import { OutboxNotifier, type Notifier } from './notifier';
import { OneTimeCodes } from './one-time-codes';
import { SessionService } from './session-service';
import { SqliteCustomerStore } from './sqlite-store';
import { SupportService } from './support-service';
import { WalletKeyService } from './wallet-key-service';
import { TotpService } from './totp-service';

/** The customers feature, wired: what routes and the session guard need. */
export interface CustomerModule {
    store: CustomerStore;
    sessions: SessionService;
    accounts: AccountService;
    support: SupportService;
    kyc: KycService;
    wallets: WalletKeyService;
    audit: AuditLog;
}

export interface CustomerModuleOptions {
    settings: CustomerSettings;
    logger: Logger;
    clock?: Clock;
    store?: CustomerStore;
    notifier?: Notifier;
    cipher?: EnvelopeCipher;
    tiers?: LedgerTierWriter;
}

/** Until the ledger's tier transaction is wired in, approvals are refused rather than half done. */
const tiersNotWired: LedgerTierWriter = {
    async setTier(): Promise<void> {
        throw new AppError('LEDGER_UNAVAILABLE', 'setting a KYC tier on the ledger is not available on this gateway');
    },
};

export function createCustomerModule(options: CustomerModuleOptions): CustomerModule {
    const { settings, logger } = options;
    const clock = options.clock ?? systemClock;
    const sqlite = options.store === undefined ? new SqliteCustomerStore(settings.databasePath) : undefined;
    const store = options.store ?? (sqlite as SqliteCustomerStore);
    // A new KEK is only made for a store that holds nothing sealed: a lost KEK is never silently replaced.
    const mayCreateKek = settings.createKekIfMissing && (sqlite?.sealedCount() ?? 0) === 0;
    const cipher = options.cipher ?? EnvelopeCipher.fromFile(settings.kekPath, mayCreateKek);
    const notifier = options.notifier ?? new OutboxNotifier(store, clock, logger);
    const audit = new AuditLog(store, clock);
    const sessions = new SessionService(store, clock, settings);
    const codes = new OneTimeCodes(store, clock, settings);
    const accounts = new AccountService(
        store,
        new PasswordHasher(settings.argon2),
        codes,
        sessions,
        notifier,
        audit,
        new RateLimiter(clock),
        clock,
        settings,
        new TotpService(store, cipher, clock),
    );
    return {
        store,
        sessions,
        accounts,
        support: new SupportService(store, notifier, audit, clock),
        kyc: new KycService(store, cipher, options.tiers ?? tiersNotWired, audit, clock),
        wallets: new WalletKeyService(store, cipher, audit, clock),
        audit,
    };
}

/**
 * The module of an app's dependencies, created on first use from the environment and the
 * gateway's data dir, and kept on the dependencies so routes and guard share one store.
 */
export function customersOf(deps: { customers?: CustomerModule; config: { dataDir: string }; logger: Logger }): CustomerModule {
    deps.customers ??= createCustomerModule({ settings: loadCustomerSettings(process.env, deps.config.dataDir), logger: deps.logger });
    return deps.customers;
}
