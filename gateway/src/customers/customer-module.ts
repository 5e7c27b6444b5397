import type { Ledger } from '../fabric/ledger-client';
import type { Logger } from '../logger';
import { AuditLog } from '../security/audit-log';
import { systemClock, type Clock } from '../security/clock';
import { EnvelopeCipher } from '../security/envelope-cipher';
import { PasswordHasher } from '../security/password-hasher';
import { RateLimiter } from '../security/rate-limiter';
import { AccountService } from './account-service';
import { loadCustomerSettings, type CustomerSettings } from './customer-settings';
import type { CustomerStore } from './customer-store';
import { customerLedgerOn, ledgerNotWired, type CustomerLedger } from './customer-ledger';
import { LedgerAccountService } from './ledger-account-service';
import { KycService, type LedgerTierWriter } from './kyc-service';
import { OutboxNotifier, type Notifier } from './notifier';
import { OneTimeCodes } from './one-time-codes';
import { PersonalDataVault, secretFromFile } from './personal-data';
import { SessionService } from './session-service';
import { SmtpDelivery, smtpTransport } from './smtp-delivery';
import { keyedContentOf, SqliteCustomerStore } from './sqlite-store';
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
    ledgerAccounts: LedgerAccountService;
    audit: AuditLog;
    /** Email delivery from the outbox, when SMTP is configured. */
    mail?: SmtpDelivery;
}

export interface CustomerModuleOptions {
    settings: CustomerSettings;
    logger: Logger;
    clock?: Clock;
    store?: CustomerStore;
    notifier?: Notifier;
    cipher?: EnvelopeCipher;
    /** KYC's ledger port; by default the ledger account service's own. */
    tiers?: LedgerTierWriter;
    /** The ledger the customers' accounts live on; without it, ledger work is refused. */
    ledger?: CustomerLedger;
    /** This bank's MSP id: an account found on the ledger is ours only if this bank holds it. */
    bankMspId?: string;
    /** Secret keying holder references; read (or on a dev data dir created) from settings.holderRefKeyPath when absent. */
    holderRefKey?: Buffer;
}

export function createCustomerModule(options: CustomerModuleOptions): CustomerModule {
    const { settings, logger } = options;
    const clock = options.clock ?? systemClock;
    // A key is only made for a store that holds nothing under it: a lost key is never silently replaced.
    const held = keyedContentOf(options.store === undefined ? settings.databasePath : ':memory:');
    const cipher = options.cipher ?? EnvelopeCipher.fromFile(settings.kekPath, settings.createKekIfMissing && held.sealed === 0);
    // A store given by a test keeps its own vault, and its audit log the addresses as given.
    const vault = options.store === undefined ? new PersonalDataVault(cipher, secretFromFile(settings.blindIndexKeyPath, settings.createKekIfMissing && held.indexed === 0)) : undefined;
    const store = options.store ?? new SqliteCustomerStore(settings.databasePath, vault as PersonalDataVault);
    const mail = settings.smtp === undefined ? undefined : new SmtpDelivery(store, smtpTransport(settings.smtp), settings.smtp, clock, logger);
    const notifier = options.notifier ?? new OutboxNotifier(store, clock, logger, mail === undefined ? [] : [mail]);
    const audit = new AuditLog(store, clock, vault === undefined ? undefined : (address) => vault.blindIndex('address', address));
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
    const wallets = new WalletKeyService(store, cipher, audit, clock);
    const holderRefKey = options.holderRefKey ?? secretFromFile(settings.holderRefKeyPath, settings.createKekIfMissing);
    const ledgerAccounts = new LedgerAccountService(store, wallets, options.ledger ?? ledgerNotWired, holderRefKey, options.bankMspId ?? '', audit, clock);
    return {
        store,
        sessions,
        accounts,
        support: new SupportService(store, notifier, audit, clock),
        kyc: new KycService(store, cipher, options.tiers ?? ledgerAccounts.tierWriter(), audit, clock),
        wallets,
        ledgerAccounts,
        audit,
        ...(mail === undefined ? {} : { mail }),
    };
}

/**
 * The module of an app's dependencies, created on first use from the environment and the
 * gateway's data dir, and kept on the dependencies so routes and guard share one store.
 */
export function customersOf(deps: { customers?: CustomerModule; config: { dataDir: string; mspId: string }; ledger: Ledger; logger: Logger }): CustomerModule {
    if (deps.customers === undefined) {
        deps.customers = createCustomerModule({
            settings: loadCustomerSettings(process.env, deps.config.dataDir),
            logger: deps.logger,
            ledger: customerLedgerOn(deps.ledger),
            bankMspId: deps.config.mspId,
        });
        // Mail queued while the gateway was down goes out now, and failed mail is retried.
        deps.customers.mail?.startRetrying();
    }
    return deps.customers;
}

/** The keys of an existing store, for tools run beside the gateway (rotation, audit check): never created here. */
export function existingVault(settings: CustomerSettings, cipher: EnvelopeCipher = EnvelopeCipher.fromFile(settings.kekPath, false)): PersonalDataVault {
    return new PersonalDataVault(cipher, secretFromFile(settings.blindIndexKeyPath, false));
}
