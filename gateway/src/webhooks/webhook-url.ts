import { isIP } from 'node:net';
import { AppError } from '../errors';

export const MAX_URL_LENGTH = 2048;

/**
 * Where a bank may ask us to send: https to a named host, or plain http to this machine's
 * loopback when the operator allows it (a dev network). Credentials in the URL, other
 * schemes and https to private, loopback or link-local address literals are refused: the
 * gateway sits inside the bank's network and must not be turned into a probe of it.
 * A public name that resolves to a private address is not caught here (no DNS at
 * registration); the network's egress rules are the second line.
 */
export function checkEndpointUrl(raw: string, allowHttpLoopback: boolean): URL {
    if (raw.length > MAX_URL_LENGTH) {
        throw refuse(`url is longer than ${MAX_URL_LENGTH} characters`);
    }
    let url: URL;
    try {
        url = new URL(raw);
    } catch {
        throw refuse('url is not an absolute URL');
    }
    if (url.username !== '' || url.password !== '') {
        throw refuse('url must not carry credentials; the signature authenticates the gateway');
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (url.protocol === 'http:') {
        if (!allowHttpLoopback || !isLoopback(host)) {
            throw refuse(allowHttpLoopback ? 'url must be https, or http to 127.0.0.1, [::1] or localhost' : 'url must be https');
        }
        return url;
    }
    if (url.protocol !== 'https:') {
        throw refuse(`url scheme ${url.protocol.replace(':', '')} is not allowed; use https`);
    }
    if (isIP(host) !== 0 && isInternalAddress(host) && !(allowHttpLoopback && isLoopback(host))) {
        throw refuse('url must not name a private, loopback or link-local address');
    }
    return url;
}

function refuse(detail: string): AppError {
    return new AppError('VALIDATION_FAILED', detail, 'url');
}

function isLoopback(host: string): boolean {
    return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function isInternalAddress(host: string): boolean {
    if (isIP(host) === 6) {
        const lower = host.toLowerCase();
        // WHATWG URL writes an IPv4-mapped address in hex (::ffff:a00:1): judge the IPv4 address inside.
        const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
        if (mapped?.[1] !== undefined && mapped[2] !== undefined) {
            const [high, low] = [parseInt(mapped[1], 16), parseInt(mapped[2], 16)];
            return isInternalAddress(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`);
        }
        return lower === '::' || lower === '::1' || /^f[cd]/.test(lower) || /^fe[89ab]/.test(lower);
    }
    const [a = 0, b = 0] = host.split('.').map(Number);
    return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
}
