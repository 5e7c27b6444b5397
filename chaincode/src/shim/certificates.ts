interface CertificateClass {
    fromPEM(data: Buffer | string): unknown;
}

// fabric-shim's ClientIdentity destructures this class when it loads, so its static method is the one place to hook.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Certificate } = require('@fidm/x509') as { Certificate: CertificateClass };

/** @fidm/x509's own parser, kept for tests. */
export const parseCertificate = Certificate.fromPEM.bind(Certificate);

const parsed = new Map<string, unknown>();
const PARSED_MAX = 1_000;

/**
 * The certificate of the PEM text, parsed once. fabric-shim's ClientIdentity parses the
 * submitter's certificate on every transaction to find its subject, issuer and Fabric
 * attributes: about 430 us a parse on this machine, against about 50 us for a whole
 * ClientIdentity with the cache, while a bank submits with a handful of certificates. The same
 * text parses to the same certificate, and ClientIdentity only reads it, so sharing the
 * parsed object changes no result. The cache is emptied when full, so a chaincode
 * server's memory stays bounded; a certificate that does not parse is not kept.
 */
export function memoisedCertificate(data: Buffer | string): unknown {
    const text = String(data);
    let certificate = parsed.get(text);
    if (certificate === undefined) {
        certificate = parseCertificate(text);
        if (parsed.size >= PARSED_MAX) {
            parsed.clear();
        }
        parsed.set(text, certificate);
    }
    return certificate;
}

export function installCertificateCache(): void {
    Certificate.fromPEM = memoisedCertificate;
}
