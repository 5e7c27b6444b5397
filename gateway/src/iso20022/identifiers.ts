import { createHash } from 'node:crypto';

/**
 * Identifiers that appear in ISO 20022 messages: IBAN (ISO 13616, mod-97), BIC
 * (ISO 9362 shape with an ISO 3166 country) and Corridor addresses carried as a
 * generic account id. Every function is pure and never throws on bad input.
 */

/** ISO 3166-1 alpha-2, plus XK (Kosovo), which SWIFT and the IBAN registry use. */
const COUNTRIES = new Set(
    ('AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
        'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO ' +
        'FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE ' +
        'JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO ' +
        'MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW ' +
        'PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM ' +
        'TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XK').split(' '),
);

/** IBAN length per country, from the SWIFT IBAN registry. A country not listed issues no IBANs. */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
    AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28, CH: 21, CR: 22,
    CY: 28, CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22,
    GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30,
    KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27,
    MT: 31, MU: 30, NL: 18, NO: 15, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SC: 31,
    SE: 24, SI: 19, SK: 24, SM: 27, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
};

export function isCountryCode(value: string): boolean {
    return COUNTRIES.has(value);
}

/** Electronic form only (no spaces, upper case), as ISO 20022 carries it. */
export function isValidIban(value: string): boolean {
    if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}$/.test(value)) {
        return false;
    }
    if (IBAN_LENGTHS[value.slice(0, 2)] !== value.length) {
        return false;
    }
    const rearranged = value.slice(4) + value.slice(0, 4);
    // Letters become 10..35; the remainder is folded digit by digit, so no big number is built.
    let remainder = 0;
    for (const char of rearranged) {
        const code = char.charCodeAt(0);
        const digits = code >= 65 ? String(code - 55) : char;
        for (const digit of digits) {
            remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
        }
    }
    return remainder === 1;
}

/** ISO 9362: 4 alphanumeric party prefix, ISO 3166 country, 2 alphanumeric location, optional 3 branch. */
export function isValidBic(value: string): boolean {
    return /^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(value) && isCountryCode(value.slice(4, 6));
}

/*
 * Corridor addresses ("cx" + 48 hex = 50 characters) do not fit an ISO 20022 generic
 * account id (Max34Text). They travel as Othr/Id = the address's 24 bytes (20 of body,
 * 4 of checksum) in base58 (the Bitcoin alphabet: no 0, O, I, l), always 33 characters,
 * with Othr/SchmeNm/Prtry = CORRIDOR_SCHEME. The encoding keeps the checksum, so a
 * mistyped id still fails the address check after decoding.
 */
export const CORRIDOR_SCHEME = 'CORRIDOR';
const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const ACCOUNT_ID_LENGTH = 33;
const ADDRESS = /^cx[0-9a-f]{48}$/;
const CHECKSUM_TAG = 'corridor-address-v1:';

export function isCorridorAddress(value: string): boolean {
    if (!ADDRESS.test(value)) {
        return false;
    }
    const body = value.slice(2, 42);
    return createHash('sha256').update(CHECKSUM_TAG + body).digest('hex').slice(0, 8) === value.slice(42);
}

/** The ISO 20022 account id of a well-formed address; throws on anything else (a caller bug). */
export function accountIdOf(address: string): string {
    if (!ADDRESS.test(address)) {
        throw new Error('not a Corridor address');
    }
    let value = BigInt('0x' + address.slice(2));
    let text = '';
    for (let i = 0; i < ACCOUNT_ID_LENGTH; i++) {
        text = BASE58.charAt(Number(value % 58n)) + text;
        value /= 58n;
    }
    return text;
}

/** The address an account id stands for, or undefined if it is not one (checksum included). */
export function addressOf(accountId: string): string | undefined {
    if (accountId.length !== ACCOUNT_ID_LENGTH) {
        return undefined;
    }
    let value = 0n;
    for (const char of accountId) {
        const digit = BASE58.indexOf(char);
        if (digit < 0) {
            return undefined;
        }
        value = value * 58n + BigInt(digit);
    }
    if (value >= 1n << 192n) {
        return undefined;
    }
    const address = 'cx' + value.toString(16).padStart(48, '0');
    return isCorridorAddress(address) ? address : undefined;
}
