import { expect } from 'chai';
import request from 'supertest';
import { buildRoutes } from '../../src/app';
import { ROLES, type Role } from '../../src/http/auth';
import { bearer, testApp, routeListingDependencies } from '../support/test-app';

const routes = buildRoutes(routeListingDependencies());

function concrete(path: string): string {
    return path
        .replace(':txId', 'f'.repeat(64))
        .replace(':number', '1')
        .replace(':id', 'n-1')
        .replace(':address', 'cx' + 'a'.repeat(48))
        .replace(':mspId', 'Bank1MSP')
        .replace(':currency', 'EUR')
        .replace(/:[A-Za-z]+/g, 'n-1');
}

describe('role and route matrix', () => {
    for (const route of routes) {
        const callers: (Role | 'anonymous')[] = ['anonymous', ...ROLES];
        for (const caller of callers) {
            const allowed = route.roles === 'public' || (caller !== 'anonymous' && route.roles.includes(caller));
            it(`${route.method.toUpperCase()} ${route.path} as ${caller}: ${allowed ? 'passes the guard' : 'is refused'}`, async () => {
                const { app } = await testApp();
                let call = request(app)[route.method](concrete(route.path));
                if (caller !== 'anonymous') {
                    call = call.set('Authorization', bearer(caller));
                }
                const res = await call.send(route.method === 'post' ? {} : undefined);
                if (allowed) {
                    expect(res.status, res.text).to.not.be.oneOf([401, 403]);
                } else {
                    expect(res.status).to.equal(caller === 'anonymous' ? 401 : 403);
                    expect(res.body.code).to.equal(caller === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
                }
            });
        }
    }

    it('when the key is wrong or malformed, then 401 and the ledger is never called', async () => {
        const { app, ledger } = await testApp();
        for (const header of ['Bearer ' + 'c'.repeat(48), 'Basic abc', 'Bearer ', 'Bearer a b']) {
            const res = await request(app).get('/v1/notices').set('Authorization', header);
            expect(res.status, header).to.equal(401);
        }
        expect(ledger.evaluate.called).to.equal(false);
    });
});
