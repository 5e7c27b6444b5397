import { expect } from 'chai';
import { AppError } from '../../../src/errors';
import { checkEndpointUrl } from '../../../src/webhooks/webhook-url';

function refused(url: string, allowHttpLoopback: boolean): string {
    try {
        checkEndpointUrl(url, allowHttpLoopback);
    } catch (err) {
        expect(err).to.be.instanceOf(AppError);
        expect((err as AppError).code).to.equal('VALIDATION_FAILED');
        expect((err as AppError).field).to.equal('url');
        return (err as AppError).detail;
    }
    throw new Error(`${url} was accepted`);
}

describe('webhook endpoint URL rules', () => {
    it('when the URL is https to a named host, then it is accepted, port and path included', () => {
        expect(checkEndpointUrl('https://hooks.bank.example/corridor?x=1', false).href).to.equal('https://hooks.bank.example/corridor?x=1');
        expect(checkEndpointUrl('https://hooks.bank.example:8443/', false).port).to.equal('8443');
    });

    it('when the URL is plain http, then it is refused in production, and to anything but loopback in dev', () => {
        expect(refused('http://127.0.0.1:9000/hook', false)).to.match(/https/);
        expect(refused('http://hooks.bank.example/', true)).to.match(/loopback|127\.0\.0\.1/);
        expect(refused('http://10.0.0.5/', true)).to.match(/127\.0\.0\.1/);
    });

    it('when dev allows it, then http to 127.0.0.1, [::1] and localhost is accepted', () => {
        for (const url of ['http://127.0.0.1:9000/hook', 'http://[::1]:9000/', 'http://localhost:9000/']) {
            expect(checkEndpointUrl(url, true).protocol, url).to.equal('http:');
        }
    });

    it('when the URL carries credentials, then it is refused, whatever the scheme', () => {
        expect(refused('https://user:pass@hooks.bank.example/', true)).to.match(/credentials/);
        expect(refused('https://user@hooks.bank.example/', true)).to.match(/credentials/);
        expect(refused('http://u:p@127.0.0.1:9000/', true)).to.match(/credentials/);
    });

    it('when the scheme is not http or https, then it is refused', () => {
        for (const url of ['ftp://hooks.bank.example/', 'file:///etc/passwd', 'gopher://127.0.0.1:70/', 'javascript:alert(1)', 'ws://hooks.bank.example/']) {
            expect(refused(url, true), url).to.match(/scheme|https/);
        }
    });

    it('when https names a private, loopback, link-local or mapped address literal, then it is refused (SSRF)', () => {
        for (const url of ['https://10.1.2.3/', 'https://172.16.0.1/', 'https://192.168.1.1/', 'https://169.254.169.254/latest/meta-data', 'https://127.0.0.1/', 'https://[::1]/', 'https://[fd00::1]/', 'https://[::ffff:10.0.0.1]/', 'https://0.0.0.0/', 'https://100.64.0.1/']) {
            expect(refused(url, false), url).to.match(/private|loopback/);
        }
        expect(checkEndpointUrl('https://172.32.0.1/', false).hostname).to.equal('172.32.0.1');
    });

    it('when the text is no absolute URL or is longer than 2048 characters, then it is refused; 2048 passes', () => {
        expect(refused('/relative', false)).to.match(/absolute/);
        const base = 'https://hooks.bank.example/';
        expect(checkEndpointUrl(base + 'a'.repeat(2048 - base.length), false).href).to.have.length(2048);
        expect(refused(base + 'a'.repeat(2049 - base.length), false)).to.match(/2048/);
    });
});
