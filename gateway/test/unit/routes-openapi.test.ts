import { expect } from 'chai';
import { buildRoutes } from '../../src/app';
import { openApiPath } from '../../src/http/routes';
import openApi from '../../openapi.json';
import { routeListingDependencies } from '../support/test-app';

interface Operation { 'x-roles'?: unknown }
const paths = openApi.paths as Record<string, Record<string, Operation>>;

function documented(): string[] {
    return Object.entries(paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`));
}

const routes = buildRoutes(routeListingDependencies());

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
