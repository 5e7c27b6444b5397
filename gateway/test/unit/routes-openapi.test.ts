import { expect } from 'chai';
import { buildRoutes } from '../../src/app';
import { openApiPath } from '../../src/http/routes';
import openApi from '../../openapi.json';
import { routeListingCustomers } from './customers/customer-fixtures';
import { unopened } from '../support/unopened';
import type { IdempotencyStore } from '../../src/submissions/idempotency-store';
import { config, stubLedger } from '../support/test-app';
import { ApiKeys } from '../../src/http/auth';
import winston from 'winston';
import type { Ledger } from '../../src/fabric/ledger-client';

type Operation = { 'x-roles'?: unknown };
const paths = openApi.paths as Record<string, Record<string, Operation>>;

function documented(): string[] {
    return Object.entries(paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`));
}

const routes = buildRoutes({
    config,
    ledger: stubLedger() as unknown as Ledger,
    keys: new ApiKeys({}),
    logger: winston.createLogger({ silent: true }),
    openApi,
    customers: routeListingCustomers(),
    idempotency: unopened<IdempotencyStore>('idempotency store'),
});

describe('OpenAPI document', () => {
    it('when the app is built, then every route is documented and every documented operation is served', () => {
        const served = routes.map((r) => `${r.method.toUpperCase()} ${openApiPath(r.path)}`);
        expect(served).to.have.members(documented());
    });

    it('when a route declares its roles, then the document states the same roles', () => {
        for (const route of routes) {
            const operation = paths[openApiPath(route.path)]?.[route.method];
            expect(operation?.['x-roles'], `${route.method} ${route.path}`).to.deep.equal(route.roles);
        }
    });

    it('when a route needs a role, then the document requires the API key; public routes say so', () => {
        for (const route of routes) {
            const operation = paths[openApiPath(route.path)]?.[route.method] as { security?: unknown[] };
            if (route.roles === 'public') {
                expect(operation.security, route.path).to.deep.equal([]);
            } else {
                expect(operation.security, route.path).to.equal(undefined);
            }
        }
        expect(openApi.security).to.deep.equal([{ apiKey: [] }]);
    });
});
