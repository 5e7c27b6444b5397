import Joi from 'joi';
import type { Ledger } from '../fabric/ledger-client';
import { AppError } from '../errors';
import type { Route } from '../http/routes';
import { validate } from '../http/validate';

const txId = Joi.string().pattern(/^[0-9a-f]{64}$/).required();

/** Where a write that answered 202 can be followed until its transaction commits. */
export function submissionRoutes(ledger: Ledger): Route[] {
    return [
        {
            method: 'get',
            path: '/v1/submissions/:txId',
            roles: ['admin', 'auditor'],
            async handle(req, res) {
                const id = validate(txId, req.params.txId);
                try {
                    const info = await ledger.transaction(id);
                    res.json({ txId: id, state: info.valid ? 'committed' : 'invalid', validationCode: info.validationCode, blockNumber: info.blockNumber });
                } catch (err) {
                    if (err instanceof AppError && err.code === 'NOT_FOUND') {
                        res.json({ txId: id, state: 'pending' });
                        return;
                    }
                    throw err;
                }
            },
        },
    ];
}
