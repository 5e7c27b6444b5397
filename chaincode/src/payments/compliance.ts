import { LedgerStore } from '../core/store';

/**
 * The hold hook for compliance review. The AML issue installs its screening here; until
 * then every payment passes. The check runs after every other validation and before any
 * funds move, and may only read state: it decides, the payment module writes.
 */

export interface ComplianceSubject {
    paymentId: string;
    payer: string;
    payee: string;
    payerBank: string;
    payeeBank: string;
    /** Minor units. */
    amount: bigint;
    currency: string;
    purpose: string;
    time: string;
}

export type ComplianceDecision = { action: 'pass' } | { action: 'hold'; reason: string };

export type ComplianceCheck = (store: LedgerStore, subject: ComplianceSubject) => Promise<ComplianceDecision>;

const passAll: ComplianceCheck = async () => ({ action: 'pass' });

let installed: ComplianceCheck = passAll;

/** Installed at module load only, so every endorsing peer runs the same check. */
export function installComplianceCheck(check: ComplianceCheck): void {
    installed = check;
}

export function resetComplianceCheck(): void {
    installed = passAll;
}

export function screenPayment(store: LedgerStore, subject: ComplianceSubject): Promise<ComplianceDecision> {
    return installed(store, subject);
}
