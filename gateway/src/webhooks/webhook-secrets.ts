import { Envelope, EnvelopeCipher } from '../security/envelope-cipher';
import type { EndpointRow } from './webhook-store';

/**
 * Endpoint secrets sealed with the gateway's envelope cipher, bound to their endpoint:
 * a sealed secret copied onto another endpoint's row does not open. Plain secrets exist
 * only in the answer that shows them once and in memory while signing.
 */
export class EndpointSecrets {
    constructor(private readonly cipher: EnvelopeCipher) {}

    seal(secret: string, endpointId: string): string {
        return JSON.stringify(this.cipher.seal(Buffer.from(secret, 'utf8'), context(endpointId)));
    }

    open(sealed: string, endpointId: string): string {
        return this.cipher.open(JSON.parse(sealed) as Envelope, context(endpointId)).toString('utf8');
    }

    /** The secrets that sign now: the current one, and the previous one until its overlap ends. */
    signing(endpoint: Pick<EndpointRow, 'id' | 'sealedSecret' | 'sealedPrevious' | 'previousValidUntil'>, now: Date): string[] {
        const secrets = [this.open(endpoint.sealedSecret, endpoint.id)];
        if (endpoint.sealedPrevious !== null && endpoint.previousValidUntil !== null && now.toISOString() < endpoint.previousValidUntil) {
            secrets.push(this.open(endpoint.sealedPrevious, endpoint.id));
        }
        return secrets;
    }
}

function context(endpointId: string): string {
    return `webhook-secret:${endpointId}`;
}
