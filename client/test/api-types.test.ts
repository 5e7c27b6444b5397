import { expect } from 'chai';
import type { BlockInfo as GatewayBlock, TransactionInfo as GatewayTransaction } from '@corridor/gateway/dist/src/fabric/block-decoder.js';
import type { CustodialPaymentRequest as GatewayCustodialPayment } from '@corridor/gateway/dist/src/custody/ledger-account-service.js';
import type { SupportEvent as GatewaySupportEvent, SupportRequest as GatewaySupportRequest } from '@corridor/gateway/dist/src/customers/customer-model.js';
import type { Health as GatewayHealth } from '@corridor/gateway/dist/src/http/health-routes.js';
import type { RegistrationInput as GatewayRegistration, StaffInput as GatewayStaffInput } from '@corridor/gateway/dist/src/identity/account-service.js';
import type { SessionView } from '@corridor/gateway/dist/src/identity/session-service.js';
import type { IdentityData as GatewayIdentity, KycDecisionInput, KycQueueItem as GatewayKycQueueItem, KycStatusView } from '@corridor/gateway/dist/src/kyc/kyc-service.js';
import type { WalletKeyView } from '@corridor/gateway/dist/src/custody/wallet-key-service.js';
import type { StatementEntryView, Balances as GatewayBalances } from '@corridor/gateway/dist/src/queries/statements.js';
import type { TransactionDetail as GatewayDetail, TransactionView } from '@corridor/gateway/dist/src/queries/transaction-queries.js';
import type { BlockInfo, CustodialPaymentRequest, Health, IdentityData, KycDecision, KycQueueItem, KycStatus, RegistrationInput, Session, StaffInput, StatementBalances, StatementEntry, SupportEvent, SupportRequest, TransactionDetail, TransactionInfo, TransactionSummary, WalletKey } from '../src/index.js';

/**
 * The answers the gateway makes itself (no ledger record behind them) are typed in the
 * client as the API describes them, because a published client cannot depend on the
 * server. So that the two cannot drift apart, each is checked against the gateway's own
 * type both ways: a field added, dropped or retyped on either side fails to compile.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

const same: {
    transaction: Same<TransactionSummary, TransactionView>;
    detail: Same<Omit<TransactionDetail, keyof TransactionSummary>, Omit<GatewayDetail, keyof TransactionView>>;
    statementEntry: Same<StatementEntry, StatementEntryView>;
    statementBalances: Same<StatementBalances, GatewayBalances>;
    explorerTransaction: Same<Omit<TransactionInfo, 'confirmations'>, GatewayTransaction>;
    block: Same<BlockInfo, GatewayBlock>;
    health: Same<Health, GatewayHealth>;
    session: Same<Session, SessionView>;
    registration: Same<RegistrationInput, GatewayRegistration>;
    identity: Same<IdentityData, GatewayIdentity>;
    kycQueue: Same<KycQueueItem, GatewayKycQueueItem>;
    supportRequest: Same<SupportRequest, GatewaySupportRequest>;
    custodialPayment: Same<CustodialPaymentRequest, GatewayCustodialPayment>;
    supportEvent: Same<SupportEvent, GatewaySupportEvent>;
    staff: Same<StaffInput, GatewayStaffInput>;
    kycStatus: Same<KycStatus, KycStatusView>;
    kycDecision: Same<KycDecision, KycDecisionInput>;
    walletKey: Same<WalletKey, WalletKeyView>;
} = {
    transaction: true,
    detail: true,
    statementEntry: true,
    statementBalances: true,
    explorerTransaction: true,
    block: true,
    health: true,
    session: true,
    registration: true,
    identity: true,
    kycQueue: true,
    supportRequest: true,
    custodialPayment: true,
    supportEvent: true,
    staff: true,
    kycStatus: true,
    kycDecision: true,
    walletKey: true,
};

describe('the client\'s types of gateway-made answers', () => {
    it('are the gateway\'s own types, field for field (checked when this file compiles)', () => {
        expect(Object.values(same)).to.not.include(false);
    });
});
