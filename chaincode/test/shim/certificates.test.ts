import { expect } from 'chai';
import { ClientIdentity } from 'fabric-shim';
import { installCertificateCache, memoisedCertificate, parseCertificate } from '../../src/shim/certificates';

/** A self-signed test certificate carrying Fabric attributes as Fabric CA writes them (made with openssl for this test). */
const PEM = [
    '-----BEGIN CERTIFICATE-----',
    'MIICZTCCAgqgAwIBAgIUNC+psXXHCUg5ZWNxFaB/OlpsK0gwCgYIKoZIzj0EAwIw',
    'aDELMAkGA1UEBhMCVVMxHzAdBgNVBAoMFmJhbmsxLmNvcnJpZG9yLmV4YW1wbGUx',
    'DzANBgNVBAsMBmNsaWVudDEnMCUGA1UEAwweR2F0ZXdheUBiYW5rMS5jb3JyaWRv',
    'ci5leGFtcGxlMCAXDTI2MTEyODIyNDgxNFoYDzIxMjYxMTA0MjI0ODE0WjBoMQsw',
    'CQYDVQQGEwJVUzEfMB0GA1UECgwWYmFuazEuY29ycmlkb3IuZXhhbXBsZTEPMA0G',
    'A1UECwwGY2xpZW50MScwJQYDVQQDDB5HYXRld2F5QGJhbmsxLmNvcnJpZG9yLmV4',
    'YW1wbGUwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAQvtqUL9tO0UTPRfyqA/aaC',
    'P+aMGA1jCgmMZgwbo/ZQxgL8iWajhXLGm1a5z0mpeJqA/pWCWWmM3V6gaL57Nbdf',
    'o4GPMIGMMB0GA1UdDgQWBBRova4Rn0ZIle6SOW/A2OBZ53M+9zAfBgNVHSMEGDAW',
    'gBRova4Rn0ZIle6SOW/A2OBZ53M+9zAPBgNVHRMBAf8EBTADAQH/MDkGCCoDBAUG',
    'BwgBBC17ImF0dHJzIjp7ImNvcnJpZG9yLnJvbGVzIjoicGF5bWVudHMsYWRtaW4i',
    'fX0wCgYIKoZIzj0EAwIDSQAwRgIhAJPsfHJ+uD74CDI8i453kgYVc6ceM4bjNvfI',
    'wwCtOv+rAiEA33o4Z+q25uDsioYDV/+6JLbwPrFZoRoBawl2vQE1FRk=',
    '-----END CERTIFICATE-----',
].join('\n');

function identity(): ClientIdentity {
    const stub = {
        getChannelID: () => 'payments',
        getTxID: () => 'tx-1',
        getCreator: () => ({ mspid: 'Bank1MSP', idBytes: Buffer.from(PEM) }),
    };
    return new ClientIdentity(stub as never);
}

describe('submitter certificates', () => {
    it('when a certificate is asked for twice, then it is parsed once and is what the parser gives', () => {
        const first = memoisedCertificate(PEM);
        expect(memoisedCertificate(Buffer.from(PEM))).to.equal(first);
        expect(first).to.deep.equal(parseCertificate(PEM));
    });

    it('when a text does not parse, then it fails every time and nothing is kept', () => {
        expect(() => memoisedCertificate('not a certificate')).to.throw();
        expect(() => memoisedCertificate('not a certificate')).to.throw();
    });

    it('when installed, then a client identity reads its MSP, id and attributes from the certificate, and each has its own attributes', () => {
        installCertificateCache();
        const dn = '/C=US/O=bank1.corridor.example/OU=client/CN=Gateway@bank1.corridor.example';
        const first = identity();
        const second = identity();
        expect(first.getMSPID()).to.equal('Bank1MSP');
        expect(first.getID()).to.equal(`x509::${dn}::${dn}`);
        expect(first.getAttributeValue('corridor.roles')).to.equal('payments,admin');
        (first as unknown as { attrs: Record<string, string> }).attrs['corridor.roles'] = 'changed';
        expect(second.getAttributeValue('corridor.roles')).to.equal('payments,admin');
        expect(identity().getAttributeValue('corridor.roles')).to.equal('payments,admin');
    });
});
