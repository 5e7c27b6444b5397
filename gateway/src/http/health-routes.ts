import type { Config } from '../config';
import type { Ledger } from '../fabric/ledger-client';
import type { Route } from './routes';

/** Where the off-chain index stands: the next block it will read. */
export interface IndexPosition {
    nextBlock(): Promise<bigint>;
}

export interface Health {
    status: 'ok' | 'degraded';
    org: string;
    mspId: string;
    channel: string;
    peer: 'up' | 'down';
    blockHeight: string | null;
    chaincode: 'up' | 'down';
    /** Blocks committed on the channel but not yet in the off-chain index (null when unknown). */
    indexLag: string | null;
}

export async function checkHealth(config: Config, ledger: Ledger, index?: IndexPosition): Promise<Health> {
    const [height, chaincodeUp, indexed] = await Promise.all([
        ledger.blockHeight().catch(() => undefined),
        ledger.chaincodeReachable(),
        index?.nextBlock().catch(() => undefined),
    ]);
    const healthy = height !== undefined && height > 0n && chaincodeUp;
    return {
        status: healthy ? 'ok' : 'degraded',
        org: config.org,
        mspId: config.mspId,
        channel: config.channel,
        peer: height === undefined ? 'down' : 'up',
        blockHeight: height === undefined ? null : height.toString(),
        chaincode: chaincodeUp ? 'up' : 'down',
        indexLag: height === undefined || indexed === undefined ? null : (height > indexed ? height - indexed : 0n).toString(),
    };
}

export function healthRoutes(config: Config, ledger: Ledger, openApi: object, index?: IndexPosition): Route[] {
    return [
        {
            method: 'get',
            path: '/health',
            roles: 'public',
            async handle(_req, res) {
                const health = await checkHealth(config, ledger, index);
                res.status(health.status === 'ok' ? 200 : 503).json(health);
            },
        },
        {
            method: 'get',
            path: '/openapi.json',
            roles: 'public',
            handle(_req, res) {
                res.json(openApi);
                return Promise.resolve();
            },
        },
    ];
}
