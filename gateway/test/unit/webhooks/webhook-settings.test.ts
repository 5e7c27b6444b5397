import { expect } from 'chai';
import { loadSettings } from '../../../src/config';
import { loadWebhookSettings } from '../../../src/webhooks/webhook-settings';

describe('webhook settings', () => {
    it('when nothing is set, then the production defaults hold: https only, 12 attempts, 24 h overlap, 10 s timeout', () => {
        expect(loadWebhookSettings({})).to.deep.equal({
            allowHttpLoopback: false,
            retry: { baseMs: 2_000, capMs: 3_600_000, maxAttempts: 12 },
            rotationOverlapSeconds: 86_400,
            timeoutMs: 10_000,
            pollMs: 1_000,
            quoteLeadSeconds: 60,
            concurrency: 8,
        });
    });

    it('when variables are set, then they are read; at the limits they pass', () => {
        const settings = loadWebhookSettings({ CORRIDOR_WEBHOOKS_ALLOW_HTTP_LOOPBACK: '1', CORRIDOR_WEBHOOKS_MAX_ATTEMPTS: '50', CORRIDOR_WEBHOOKS_ROTATION_OVERLAP_SECONDS: '0', CORRIDOR_WEBHOOKS_TIMEOUT_MS: '10000' });
        expect(settings).to.deep.include({ allowHttpLoopback: true, rotationOverlapSeconds: 0, timeoutMs: 10_000 });
        expect(settings.retry.maxAttempts).to.equal(50);
    });

    it('when a variable is out of range or malformed, then start-up fails naming every bad variable', () => {
        expect(() => loadWebhookSettings({ CORRIDOR_WEBHOOKS_MAX_ATTEMPTS: '51', CORRIDOR_WEBHOOKS_TIMEOUT_MS: '10001', CORRIDOR_WEBHOOKS_ALLOW_HTTP_LOOPBACK: 'maybe' })).to.throw(
            /CORRIDOR_WEBHOOKS_MAX_ATTEMPTS.*CORRIDOR_WEBHOOKS_TIMEOUT_MS.*CORRIDOR_WEBHOOKS_ALLOW_HTTP_LOOPBACK|CORRIDOR_WEBHOOKS_ALLOW_HTTP_LOOPBACK.*CORRIDOR_WEBHOOKS_MAX_ATTEMPTS/,
        );
        expect(() => loadWebhookSettings({ CORRIDOR_WEBHOOKS_RETRY_BASE_MS: '5000', CORRIDOR_WEBHOOKS_RETRY_CAP_MS: '1000' })).to.throw(/CAP_MS must be at least/);
    });

    it('when the gateway loads its settings, then a bad webhook variable is reported beside the others', () => {
        expect(() => loadSettings({ CORRIDOR_WEBHOOKS_MAX_ATTEMPTS: '0' })).to.throw(/CORRIDOR_MSP_ID[\s\S]*CORRIDOR_WEBHOOKS_MAX_ATTEMPTS/);
    });
});
