import { AppError } from '../errors';

/** E.164: a plus, a country code not starting with 0, 8 to 15 digits in all. */
export function normalisePhone(raw: string): string {
    const compact = compactPhone(raw);
    if (!/^\+[1-9]\d{7,14}$/.test(compact)) {
        throw new AppError('PHONE_INVALID', 'phone must be in international E.164 form, for example +4915112345678', 'phone');
    }
    return compact;
}

/** A pragmatic address check (one @, a dotted domain, no spaces), lower-cased. */
export function normaliseEmail(raw: string): string {
    const email = canonicalEmail(raw);
    if (email.length > 254 || !/^[a-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/.test(email)) {
        throw new AppError('EMAIL_INVALID', 'email must be an address such as name@example.com', 'email');
    }
    return email;
}

/** A phone as it is compared: without the spaces, dots, dashes and brackets people type. */
export function compactPhone(raw: string): string {
    return raw.replace(/[\s().-]/g, '');
}

/** An email as it is compared: trimmed and lower-cased. */
export function canonicalEmail(raw: string): string {
    return raw.trim().toLowerCase();
}

/**
 * A name as it is compared: NFKC (full-width and ligature forms become plain letters),
 * case-folded, runs of white space one space, no space at either end. JavaScript has no
 * full case folding; upper- then lower-casing folds what plain lower-casing misses
 * (ß and ss, final sigma), and NFKC again settles what the casing changed.
 */
export function canonicalName(raw: string): string {
    return raw.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC').replace(/\s+/gu, ' ').trim();
}

/** Login and recovery accept either; a leading plus means a phone number. */
export function parseIdentifier(raw: string): { phone: string } | { email: string } {
    return raw.trim().startsWith('+') ? { phone: normalisePhone(raw) } : { email: normaliseEmail(raw) };
}

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * Passwords seen most often in public breach corpora, lower-cased; any password that
 * is one of them, or one of them with digits or symbols appended, is refused.
 */
const COMMON_PASSWORDS = new Set([
    '123456', '123456789', '12345678', '1234567890', '12345', '1234567', 'password', 'password1', 'password123',
    'qwerty', 'qwerty123', 'qwertyuiop', 'abc123', '111111', '000000', '123123', 'iloveyou', 'admin', 'admin123',
    'welcome', 'welcome1', 'letmein', 'monkey', 'dragon', 'football', 'baseball', 'sunshine', 'princess', 'master',
    'shadow', 'superman', 'michael', 'trustno1', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'zaq12wsx', '1q2w3e4r',
    '1q2w3e4r5t', 'asdfghjkl', 'asdfgh', 'zxcvbnm', 'football1', 'charlie', 'jennifer', 'hunter2', 'starwars',
    'whatever', 'freedom', 'hello123', 'changeme', 'secret', 'login', 'access', 'master123', 'computer', 'internet',
    'summer2024', 'winter2024', 'spring2025', 'autumn2025', 'corridor', 'bank', 'banking', 'payment', 'money',
    'correcthorsebatterystaple', 'passwordpassword', 'qwertyqwerty', 'aaaaaaaaaaaa', 'abcdefghijkl',
    '123456789012', '1234567891011', 'iloveyou123', 'q1w2e3r4t5y6', 'qazwsxedcrfv', 'mypassword', 'letmein123',
]);

/** Refuses short, long, common and personal passwords with a message that says why. */
export function checkPassword(password: string, personal: readonly string[]): void {
    const weak = (why: string): AppError => new AppError('PASSWORD_WEAK', why, 'password');
    if (password.length < PASSWORD_MIN_LENGTH) {
        throw weak(`password must have at least ${PASSWORD_MIN_LENGTH} characters`);
    }
    if (password.length > PASSWORD_MAX_LENGTH) {
        throw weak(`password must have at most ${PASSWORD_MAX_LENGTH} characters`);
    }
    const lower = password.toLowerCase();
    const stem = lower.replace(/[\d\W_]+$/, '');
    if (COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(stem) || /^(.)\1+$/.test(password)) {
        throw weak('password is too common; choose one that is not on lists of breached passwords');
    }
    // Each word of the name, the phone's last digits and the email's local part.
    const parts = personal.flatMap((value) => {
        const text = value.toLowerCase();
        return /^\+\d+$/.test(text) ? [text.slice(-6)] : (text.split('@')[0] ?? '').split(/[\s._-]+/);
    });
    if (parts.some((part) => part.length >= 4 && lower.includes(part))) {
        throw weak('password must not contain your name, phone number or email');
    }
}
