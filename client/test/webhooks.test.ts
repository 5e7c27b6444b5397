import { expect } from 'chai';
import { MemorySeenEvents, signWebhook, verifyWebhook, WebhookVerificationError, type VerifyOptions } from '../src/index.js';

const SECRET = 'whsec_current_0123456789abcdef';
const PREVIOUS = 'whsec_previous_fedcba9876543210';
const NOW = 1_780_000_000;
const EVENT = {
    id: 'evt_1',
    type: 'payment.settled',
    createdAt: '2026-12-08T03:00:00.000Z',
    subject: { kind: 'payment', id: 'p-1' },
    sequence: 2,
    ledger: { txId: 'a'.repeat(64), block: '42' },
    data: { amount: '10.00', currency: 'EUR' },
};
const BODY = JSON.stringify(EVENT);

function delivery(overrides: Partial<VerifyOptions> = {}, signedWith: string[] = [SECRET], timestamp = NOW, body = BODY): VerifyOptions {
    return {
        rawBody: body,
        headers: { 'Corridor-Event-Id': 'evt_1', 'Corridor-Timestamp': String(timestamp), 'Corridor-Signature': signWebhook(signedWith, 'evt_1', timestamp, BODY) },
        secrets: [SECRET],
        now: NOW,
        ...overrides,
    };
}

async function refusal(options: VerifyOptions): Promise<string> {
    const failure = await verifyWebhook(options).catch((err: unknown) => err);
    expect(failure).to.be.instanceOf(WebhookVerificationError);
    return (failure as WebhookVerificationError).reason;
}

describe('webhook verification', () => {
    it('when the delivery is signed with the endpoint\'s secret, then the event comes back', async () => {
        expect(await verifyWebhook(delivery())).to.deep.equal(EVENT);
    });

    it('when headers arrive as a Headers object, then they are read the same', async () => {
        const options = delivery();
        const headers = new Headers(options.headers as Record<string, string>);
        expect((await verifyWebhook({ ...options, headers })).id).to.equal('evt_1');
    });

    it('when one byte of the body changed, then BAD_SIGNATURE', async () => {
        expect(await refusal(delivery({}, [SECRET], NOW, BODY.replace('10.00', '90.00')))).to.equal('BAD_SIGNATURE');
    });

    it('when it was signed with another secret, then BAD_SIGNATURE', async () => {
        expect(await refusal(delivery({}, ['whsec_someone_else']))).to.equal('BAD_SIGNATURE');
    });

    it('when the timestamp is older or newer than 300 s, then STALE_TIMESTAMP; at exactly 300 s it passes', async () => {
        expect(await refusal(delivery({}, [SECRET], NOW - 301))).to.equal('STALE_TIMESTAMP');
        expect(await refusal(delivery({}, [SECRET], NOW + 301))).to.equal('STALE_TIMESTAMP');
        expect((await verifyWebhook(delivery({}, [SECRET], NOW - 300))).id).to.equal('evt_1');
    });

    it('when the timestamp header was changed to look fresh, then the signature no longer matches', async () => {
        const options = delivery({}, [SECRET], NOW - 3_600);
        const headers = { ...(options.headers as Record<string, string>), 'Corridor-Timestamp': String(NOW) };
        expect(await refusal({ ...options, headers })).to.equal('BAD_SIGNATURE');
    });

    it('when the same event is delivered again, then the seen-event store refuses it as REPLAYED', async () => {
        const seen = new MemorySeenEvents();
        await verifyWebhook(delivery({ seen }));
        expect(await refusal(delivery({ seen }))).to.equal('REPLAYED');
    });

    it('when a tampered delivery is refused, then its event id is not remembered', async () => {
        const seen = new MemorySeenEvents();
        await refusal(delivery({ seen }, ['whsec_someone_else']));
        expect((await verifyWebhook(delivery({ seen }))).id).to.equal('evt_1');
    });

    it('during a rotation, when the header holds both secrets\' entries, then a receiver holding either secret accepts it', async () => {
        const rotating = delivery({}, [SECRET, PREVIOUS]);
        expect((await verifyWebhook({ ...rotating, secrets: [SECRET] })).id).to.equal('evt_1');
        expect((await verifyWebhook({ ...rotating, secrets: [PREVIOUS] })).id).to.equal('evt_1');
        expect((await verifyWebhook({ ...delivery({}, [PREVIOUS]), secrets: [SECRET, PREVIOUS] })).id).to.equal('evt_1');
    });

    it('when a header is missing or the signature is not v1 hex, then MISSING_HEADER or MALFORMED_SIGNATURE', async () => {
        const options = delivery();
        const { 'Corridor-Signature': _, ...unsigned } = options.headers as Record<string, string>;
        expect(await refusal({ ...options, headers: unsigned })).to.equal('MISSING_HEADER');
        expect(await refusal({ ...options, headers: { ...unsigned, 'Corridor-Signature': 'v0=abc' } })).to.equal('MALFORMED_SIGNATURE');
        expect(await refusal({ ...options, headers: { ...unsigned, 'Corridor-Signature': `v1=${'g'.repeat(64)}` } })).to.equal('MALFORMED_SIGNATURE');
    });

    it('when the body\'s id is not the header\'s event id, then MALFORMED_BODY even with a valid signature', async () => {
        const body = JSON.stringify({ ...EVENT, id: 'evt_other' });
        const options: VerifyOptions = {
            rawBody: body,
            headers: { 'corridor-event-id': 'evt_1', 'corridor-timestamp': String(NOW), 'corridor-signature': signWebhook([SECRET], 'evt_1', NOW, body) },
            secrets: [SECRET],
            now: NOW,
        };
        expect(await refusal(options)).to.equal('MALFORMED_BODY');
    });
});
