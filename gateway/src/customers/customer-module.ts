import type { Logger } from '../logger';
import { AuditLog } from '../security/audit-log';
import { systemClock, type Clock } from '../security/clock';
import { EnvelopeCipher } from '../security/envelope-cipher';
import { PasswordHasher } from '../security/password-hasher';
import { RateLimiter } from '../security/rate-limiter';
import { AccountService } from '../identity/account-service';
import type { CustomerSettings } from './customer-settings';
import type { CustomerStore } from './customer-store';
import { ledgerNotWired, type CustomerLedger } from '../custody/customer-ledger';
import { LedgerAccountService } from '../custody/ledger-account-service';
import { KycService, type LedgerTierWriter } from '../kyc/kyc-service';
import { OutboxNotifier, type Notifier } from '../notifications/notifier';
import { OneTimeCodes } from '../identity/one-time-codes';
import { PersonalDataVault, secretFromFile } from './personal-data';
import { SessionService } from '../identity/session-service';
import { SmtpDelivery, smtpTransport } from '../notifications/smtp-delivery';
import { OutboxDelivery } from '../notifications/outbox-delivery';
import { SmsProvider } from '../notifications/sms-provider';
import { DevMailbox } from '../notifications/dev-mailbox';
import { keyedContentOf, openCustomerDatabase, SqlCustomerStore } from './sql-customer-store';
import { SupportService } from '../support/support-service';
import { WalletKeyService } from '../custody/wallet-key-service';
import { TotpService } from '../identity/totp-service';

/** The customers feature, wired: what routes and the session guard need. */
export interface CustomerModule {
    settings: CustomerSettings;
    clock: Clock;
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
    /** SMS delivery from the outbox, when an SMS provider is configured. */
    sms?: OutboxDelivery;
    /** What was sent, for the dev network only (refuses unless the settings say dev). */
    mailbox: DevMailbox;
}

export interface CustomerModuleOptions {
    settings: CustomerSettings;
    logger: Logger;
    clock?: Clock;
    store: CustomerStore;
    /** The KEK's cipher, which also seals wallet keys, TOTP secrets and KYC identities. */
    cipher: EnvelopeCipher;
    /** The store's keys: with them the audit log keeps a keyed hash of client addresses; a test's store may go without. */
    vault?: PersonalDataVault;
    notifier?: Notifier;
    /** KYC's ledger port; by default the ledger account service's own. */
    tiers?: LedgerTierWriter;
    /** The ledger the customers' accounts live on; without it, ledger work is refused. */
    ledger?: CustomerLedger;
    /** This bank's MSP id: an account found on the ledger is ours only if this bank holds it. */
    bankMspId?: string;
    /** Secret keying holder references; read (or on a dev data dir created) from settings.holderRefKeyPath when absent. */
    holderRefKey?: Buffer;
}

/** The customers module on a store already open. */
export function createCustomerModule(options: CustomerModuleOptions): CustomerModule {
    const { settings, logger, store, cipher, vault } = options;
    const clock = options.clock ?? systemClock;
    const mail = settings.smtp === undefined ? undefined : new SmtpDelivery(store, smtpTransport(settings.smtp), settings.smtp, clock, logger);
    const smsProvider = settings.sms === undefined ? undefined : new SmsProvider(settings.sms);
    const sms = smsProvider === undefined || settings.sms === undefined ? undefined : new OutboxDelivery(store, smsProvider, settings.sms, clock, logger);
    const notifier = options.notifier ?? new OutboxNotifier(store, clock, logger, [mail, sms].filter((sender) => sender !== undefined));
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
        settings,
        clock,
        store,
        sessions,
        accounts,
        support: new SupportService(store, notifier, audit, clock),
        kyc: new KycService(store, cipher, options.tiers ?? ledgerAccounts.tierWriter(), audit, clock),
        wallets,
        ledgerAccounts,
        audit,
        ...(mail === undefined ? {} : { mail }),
        ...(sms === undefined ? {} : { sms }),
        mailbox: new DevMailbox(store, settings.devMailbox, smsProvider),
    };
}

/**
 * The module on the database and key files the settings name. A key is only made for a
 * store that holds nothing under it: a lost key is never silently replaced.
 */
export async function openCustomerModule(options: Omit<CustomerModuleOptions, 'store' | 'cipher' | 'vault'>): Promise<CustomerModule> {
    const { settings } = options;
    const db = openCustomerDatabase(settings.database);
    try {
        const held = await keyedContentOf(db);
        const cipher = EnvelopeCipher.fromFile(settings.kekPath, settings.createKekIfMissing && held.sealed === 0);
        const vault = new PersonalDataVault(cipher, secretFromFile(settings.blindIndexKeyPath, settings.createKekIfMissing && held.indexed === 0));
        return createCustomerModule({ ...options, store: await SqlCustomerStore.open(db, vault), cipher, vault });
    } catch (err) {
        await db.close();
        throw err;
    }
}

/** A tool's store, run beside the gateway (rotation, audit check) with the keys given: none is created here. */
export async function openExistingStore(settings: CustomerSettings, vault: PersonalDataVault): Promise<SqlCustomerStore> {
    const db = openCustomerDatabase(settings.database);
    try {
        return await SqlCustomerStore.open(db, vault);
    } catch (err) {
        await db.close();
        throw err;
    }
}

/** The keys of an existing store, for tools run beside the gateway (rotation, audit check): never created here. */
export function existingVault(settings: CustomerSettings, cipher: EnvelopeCipher = EnvelopeCipher.fromFile(settings.kekPath, false)): PersonalDataVault {
    return new PersonalDataVault(cipher, secretFromFile(settings.blindIndexKeyPath, false));
}
