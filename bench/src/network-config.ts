import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BANKS, GENERATED, mspOf, ROOT, type Bank } from './paths';

/**
 * Writes Caliper's network configuration (schema 2.0.0) and one connection profile per
 * bank from the crypto material that test-network.sh generated. Each bank's client
 * identity talks to its own peer's Gateway service.
 */

const PEER_PORTS: Record<Bank, number> = { bank1: 7051, bank2: 8051, bank3: 9051 };

function orgDir(bank: Bank): string {
    return join(ROOT, 'organizations', 'peerOrganizations', `${bank}.corridor.example`);
}

function only(dir: string): string {
    const files = readdirSync(dir);
    if (files.length !== 1) {
        throw new Error(`expected one file in ${dir}; is the network up?`);
    }
    return join(dir, files[0] as string);
}

function connectionProfile(bank: Bank): string {
    const peer = `peer0.${bank}.corridor.example`;
    const profile = {
        name: `corridor-${bank}`,
        version: '1.0.0',
        client: { organization: mspOf(bank) },
        organizations: { [mspOf(bank)]: { mspid: mspOf(bank), peers: [peer] } },
        peers: {
            [peer]: {
                url: `grpcs://127.0.0.1:${PEER_PORTS[bank]}`,
                tlsCACerts: { path: join(orgDir(bank), 'tlsca', `tlsca.${bank}.corridor.example-cert.pem`) },
                grpcOptions: { 'ssl-target-name-override': peer, hostnameOverride: peer },
            },
        },
    };
    const path = join(GENERATED, `ccp-${bank}.json`);
    writeFileSync(path, JSON.stringify(profile, null, 2));
    return path;
}

export function writeNetworkConfig(): string {
    mkdirSync(GENERATED, { recursive: true });
    const network = {
        name: 'corridor-dev',
        version: '2.0.0',
        caliper: { blockchain: 'fabric' },
        channels: [{ channelName: 'payments', contracts: [{ id: 'corridor' }] }],
        organizations: BANKS.map((bank) => {
            // The bank gateway's identity: its certificate carries the ledger roles (corridor.roles).
            const msp = join(orgDir(bank), 'users', `Gateway@${bank}.corridor.example`, 'msp');
            return {
                mspid: mspOf(bank),
                identities: {
                    certificates: [
                        {
                            name: 'Gateway',
                            clientPrivateKey: { path: only(join(msp, 'keystore')) },
                            clientSignedCert: { path: only(join(msp, 'signcerts')) },
                        },
                    ],
                },
                connectionProfile: { path: connectionProfile(bank), discover: true },
            };
        }),
    };
    const path = join(GENERATED, 'network.json');
    writeFileSync(path, JSON.stringify(network, null, 2));
    return path;
}

if (require.main === module) {
    console.log(writeNetworkConfig());
}
