import { expect } from 'chai';
import sinon from 'sinon';
import { JSONSerializer } from 'fabric-contract-api';
import { fastHandleParameters, shimHandleParameters } from '../../src/shim/parameters';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const DataMarshall = require('fabric-shim/lib/contract-spi/datamarshall.js') as new (serializer: string, serializers: object, components: object) => object;

const components = {
    Money: { $id: 'Money', type: 'object', properties: { amount: { type: 'string' }, currency: { type: 'string' } }, required: ['amount'] },
};
const fn = {
    parameters: [
        { name: 'text', schema: { type: 'string' } },
        { name: 'count', schema: { type: 'number' } },
        { name: 'money', schema: { $ref: '#/components/schemas/Money' } },
    ],
};

function marshall(): { ajv: { compile(schema: object): unknown } } {
    return new DataMarshall('jsonSerializer', { jsonSerializer: JSONSerializer }, components) as { ajv: { compile(schema: object): unknown } };
}

/** What a handleParameters gives for the arguments: the values, or the message of what it threw. */
function outcome(handle: typeof fastHandleParameters, target: object, descriptor: object, args: string[]): unknown {
    try {
        return { values: handle.call(target as never, descriptor, args.map((arg) => Buffer.from(arg)), '[test]') };
    } catch (err) {
        return { error: (err as Error).message };
    }
}

describe('transaction arguments of the contract API', () => {
    afterEach(() => sinon.restore());

    const cases: Array<[string, object, string[]]> = [
        ['valid arguments of every kind', fn, ['a payment', '42', '{"amount":"1.00","currency":"USD"}']],
        ['a number that is text', fn, ['x', 'forty', '{"amount":"1.00"}']],
        ['an object that breaks its schema', fn, ['x', '1', '{"currency":"USD"}']],
        ['too few arguments', fn, ['x']],
        ['a parameter without type information', { parameters: [{ name: 'x', schema: {} }] }, ['x']],
        ['a contract without parameter metadata', {}, ['a', 'b']],
    ];
    for (const [name, descriptor, args] of cases) {
        it(`when given ${name}, then the result is the shim's own`, () => {
            const fast = outcome(fastHandleParameters, marshall(), descriptor, args);
            expect(fast).to.deep.equal(outcome(shimHandleParameters, marshall(), descriptor, args));
        });
    }

    it('then the valid arguments come out converted, and an invalid one is refused', () => {
        expect(outcome(fastHandleParameters, marshall(), fn, ['a', '7', '{"amount":"2.50"}'])).to.deep.equal({ values: ['a', 7, { amount: '2.50' }] });
        expect(outcome(fastHandleParameters, marshall(), fn, ['a', '7', '{"currency":"USD"}'])).to.have.property('error').that.matches(/Unable to validate parameter/);
    });

    it('then each parameter\'s validator is compiled once, however many transactions use it', () => {
        const target = marshall();
        const compile = sinon.spy(target.ajv, 'compile');
        for (let i = 0; i < 3; i += 1) {
            outcome(fastHandleParameters, target, fn, ['a', String(i), '{"amount":"1.00"}']);
        }
        expect(compile.callCount).to.equal(fn.parameters.length);
    });
});
