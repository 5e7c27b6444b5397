import type { Config } from '../config';
import type { Ledger } from '../fabric/ledger-client';
import type { Route } from './routes';

export interface Health {
    status: 'ok' | 'degraded';
    org: string;
    mspId: string;
    channel: string;
    peer: 'up' | 'down';
    blockHeight: string | null;
    chaincode: 'up' | 'down';
}

export async function checkHealth(config: Config, ledger: Ledger): Promise<Health> {
    const [height, chaincodeUp] = await Promise.all([
        ledger.blockHeight().catch(() => undefined),
        ledger.chaincodeReachable(),
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
    };
}

export function healthRoutes(config: Config, ledger: Ledger, openApi: object): Route[] {
    return [
        {
            method: 'get',
            path: '/health',
            roles: 'public',
            async handle(_req, res) {
                const health = await checkHealth(config, ledger);
                res.status(health.status === 'ok' ? 200 : 503).json(health);
            },
        },
        {
            method: 'get',
            path: '/openapi.json',
            roles: 'public',
            async handle(_req, res) {
                res.json(openApi);
            },
        },
    ];
}
