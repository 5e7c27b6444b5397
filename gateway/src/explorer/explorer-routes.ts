import Joi from 'joi';
import type { Ledger } from '../fabric/ledger-client';
import type { Route } from '../http/routes';
import { validate } from '../http/validate';

const txId = Joi.string().pattern(/^[0-9a-f]{64}$/).required();
const blockNumber = Joi.string().pattern(/^(0|[1-9][0-9]{0,18})$/).required();

/** The block explorer (mission 4.4): where a transaction landed, who endorsed it, how deep it is. */
export function explorerRoutes(ledger: Ledger): Route[] {
    return [
        {
            method: 'get',
            path: '/v1/explorer/transactions/:txId',
            roles: ['admin', 'auditor'],
            async handle(req, res) {
                const id = validate(txId, req.params.txId);
                const [info, height] = await Promise.all([ledger.transaction(id), ledger.blockHeight()]);
                res.json({ ...info, confirmations: (height - BigInt(info.blockNumber)).toString() });
            },
        },
        {
            method: 'get',
            path: '/v1/explorer/blocks/:number',
            roles: ['admin', 'auditor'],
            async handle(req, res) {
                res.json(await ledger.block(BigInt(validate(blockNumber, req.params.number))));
            },
        },
    ];
}
