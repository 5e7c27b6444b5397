import { isCountryCode } from './identifiers';
import { element, elements, text, type XmlNode } from './xml-document';

/**
 * CBPR+ usage rules that matter to a cross-border credit transfer, applied to each
 * pain.001 item after the schema (which already holds the UETR to the UUID v4 pattern,
 * codes to their shapes and amounts to non-negative decimals). Each rule is small, named,
 * and refuses the item with an ISO 20022 external status reason code
 * (ExternalStatusReason1Code), which the pain.002 status report carries.
 */

/** The external status reason codes Corridor reports, with their ISO names. */
export const REASON_NAMES = {
    AC01: 'IncorrectAccountNumber',
    AC04: 'ClosedAccountNumber',
    AC06: 'BlockedAccount',
    AG01: 'TransactionForbidden',
    AM01: 'ZeroAmount',
    AM02: 'NotAllowedAmount',
    AM03: 'NotAllowedCurrency',
    AM04: 'InsufficientFunds',
    AM05: 'Duplication',
    BE04: 'MissingCreditorAddress',
    BE07: 'MissingDebtorAddress',
    BE09: 'InvalidCountry',
    CH16: 'ElementContentFormallyIncorrect',
    CH17: 'ElementNotAdmitted',
    CH20: 'DecimalPointsNotCompatibleWithCurrency',
    CH21: 'RequiredCompulsoryElementMissing',
    NARR: 'Narrative',
    RC01: 'BankIdentifierIncorrect',
    RR04: 'RegulatoryReason',
} as const;
export type ReasonCode = keyof typeof REASON_NAMES;

/** Item codes of the CBPR+ rules, beside the mapping's own (pain001.ts). */
export type RuleCode = 'UETR_MISSING' | 'UETR_DUPLICATE' | 'CHARGE_BEARER_NOT_ALLOWED' | 'ADDRESS_NOT_STRUCTURED' | 'COUNTRY_INVALID' | 'AGENT_BIC_MISSING';

export interface RuleBreach {
    code: RuleCode;
    reason: ReasonCode;
    field: string;
    detail: string;
}

/** What one item's rules see: its block, the item, their paths, and the message's repeated UETRs. */
export interface ItemContext {
    block: XmlNode;
    blockPath: string;
    tx: XmlNode;
    path: string;
    repeatedUetrs: ReadonlySet<string>;
}

/** CBPR+: every payment carries a UETR (tracked end to end in gpi), unique to it. */
export function uetrRule(item: ItemContext): RuleBreach | undefined {
    const uetr = text(item.tx, 'PmtId', 'UETR');
    const field = `${item.path}/PmtId/UETR`;
    if (uetr === undefined) {
        return { code: 'UETR_MISSING', reason: 'CH21', field, detail: 'CBPR+ requires a UETR (UUID v4) for every payment' };
    }
    if (item.repeatedUetrs.has(uetr.toLowerCase())) {
        return { code: 'UETR_DUPLICATE', reason: 'AM05', field, detail: `UETR ${uetr} is used by more than one payment of the message` };
    }
    return undefined;
}

/**
 * The fee is the payer's, on top of the amount (ChrgBr DEBT): the only bearer Corridor
 * honours. CRED and SHAR are CBPR+ values Corridor cannot carry out; SLEV is not CBPR+.
 */
export function chargeBearerRule(item: ItemContext): RuleBreach | undefined {
    const [value, field] = [text(item.tx, 'ChrgBr'), `${item.path}/ChrgBr`] as const;
    const stated = value !== undefined ? { value, field } : { value: text(item.block, 'ChrgBr'), field: `${item.blockPath}/ChrgBr` };
    if (stated.value === undefined || stated.value === 'DEBT') {
        return undefined;
    }
    return { code: 'CHARGE_BEARER_NOT_ALLOWED', reason: 'CH17', field: stated.field, detail: `charge bearer ${stated.value} is not admitted: the payer bears Corridor's fee on top of the amount (DEBT)` };
}

/**
 * CBPR+ postal addresses are structured (at least TwnNm and Ctry) or hybrid (those and at
 * most two AdrLine); an address of AdrLine only is refused, as CBPR+ refuses it from
 * November 2026.
 */
function addressBreach(party: XmlNode | undefined, partyPath: string, reason: 'BE04' | 'BE07'): RuleBreach | undefined {
    const address = element(party, 'PstlAdr');
    if (address === undefined) {
        return undefined;
    }
    const field = `${partyPath}/PstlAdr`;
    const lines = elements(address, 'AdrLine').length;
    if (text(address, 'TwnNm') === undefined || text(address, 'Ctry') === undefined || lines > 2) {
        const detail = lines > 0 && text(address, 'TwnNm') === undefined ? 'an address of AdrLine only is not accepted (CBPR+ from November 2026)' : 'state at least TwnNm and Ctry, with at most two AdrLine';
        return { code: 'ADDRESS_NOT_STRUCTURED', reason, field, detail };
    }
    const country = text(address, 'Ctry') ?? '';
    if (!isCountryCode(country)) {
        return { code: 'COUNTRY_INVALID', reason: 'BE09', field: `${field}/Ctry`, detail: `${country} is not an ISO 3166 country code` };
    }
    return undefined;
}

export function debtorAddressRule(item: ItemContext): RuleBreach | undefined {
    return addressBreach(element(item.block, 'Dbtr'), `${item.blockPath}/Dbtr`, 'BE07');
}

export function creditorAddressRule(item: ItemContext): RuleBreach | undefined {
    return addressBreach(element(item.tx, 'Cdtr'), `${item.path}/Cdtr`, 'BE04');
}

/** CBPR+ identifies the creditor's agent by its BIC; a name and address alone cannot be routed. */
export function creditorAgentRule(item: ItemContext): RuleBreach | undefined {
    const agent = element(item.tx, 'CdtrAgt');
    if (agent !== undefined && text(agent, 'FinInstnId', 'BICFI') !== undefined) {
        return undefined;
    }
    return { code: 'AGENT_BIC_MISSING', reason: 'RC01', field: `${item.path}/CdtrAgt`, detail: "the creditor's agent must be identified by its BIC (FinInstnId/BICFI)" };
}

/** In order: the first breach is the item's. */
export const CBPR_RULES: readonly ((item: ItemContext) => RuleBreach | undefined)[] = [uetrRule, creditorAgentRule, chargeBearerRule, debtorAddressRule, creditorAddressRule];

/** UETRs (compared in lower case) that more than one item of the message carries. */
export function repeatedUetrs(transactions: readonly XmlNode[]): Set<string> {
    const seen = new Set<string>();
    const repeated = new Set<string>();
    for (const tx of transactions) {
        const uetr = text(tx, 'PmtId', 'UETR')?.toLowerCase();
        if (uetr !== undefined) {
            (seen.has(uetr) ? repeated : seen).add(uetr);
        }
    }
    return repeated;
}
