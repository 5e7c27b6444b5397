import { Context } from 'fabric-contract-api';
import { fail } from '../core/errors';

export function callerMsp(ctx: Context): string {
    return ctx.clientIdentity.getMSPID();
}

/**
 * Refuses the regulator before any state is read, by its MSP id: the one case where the
 * member registry (members.ts isRegulator, the rule everywhere else) cannot be asked,
 * because an identity must be refused without reading anything. The consortium's
 * registry lists this MSP with the role 'regulator' (network/consortium.json).
 */
const REGULATOR_MSP = 'RegulatorMSP';

function requireWriter(ctx: Context): string {
    const msp = callerMsp(ctx);
    if (msp === REGULATOR_MSP) {
        fail('UNAUTHORIZED', `${msp} has read-only access to the ledger`);
    }
    return msp;
}

/**
 * What a bank's identity may do on the ledger, from its certificate rather than from the
 * MSP alone: the attribute lists the roles, comma-separated, the way Fabric CA writes
 * attributes (extension 1.2.3.4.5.6.7.8.1). Any other identity of the bank (a peer, an
 * admin, a user enrolled for something else) can read but not act.
 *
 * - payments: accounts, payments, holds, refunds, FX quotes (the back office's daily work)
 * - treasury: minting and burning the bank's currency, FX rates, fees and liquidity
 * - compliance: AML reviews and high-risk flags
 * - governance: consortium proposals and votes, notices
 */
export const ROLES_ATTRIBUTE = 'corridor.roles';
export const LEDGER_ROLES = ['payments', 'treasury', 'compliance', 'governance'] as const;
export type LedgerRole = (typeof LEDGER_ROLES)[number];

export function requireRole(ctx: Context, role: LedgerRole): string {
    const msp = requireWriter(ctx);
    const roles = (ctx.clientIdentity.getAttributeValue(ROLES_ATTRIBUTE) ?? '').split(',').map((name) => name.trim());
    if (!roles.includes(role)) {
        fail('UNAUTHORIZED', `this ${msp} identity lacks the ${role} role (certificate attribute ${ROLES_ATTRIBUTE})`);
    }
    return msp;
}

/** Founding the consortium is the act of an organisation's admin: the certificate's admin OU (Fabric NodeOUs). */
export function requireOrgAdmin(ctx: Context): string {
    const msp = requireWriter(ctx);
    const subject = ctx.clientIdentity.getID().split('::')[1] ?? '';
    if (!subject.split('/').includes('OU=admin')) {
        fail('UNAUTHORIZED', `only an admin identity of ${msp} may found the consortium`);
    }
    return msp;
}

export function parseJsonArgument(text: string, name: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return fail('INVALID_ARGUMENT', `${name} is not valid JSON`);
    }
}
