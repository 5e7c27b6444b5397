// Chaincode must be deterministic: every endorsing peer has to compute the same
// write set, so clocks, randomness, the environment and I/O are off limits in src/.
import tseslint from 'typescript-eslint';

const banned = 'is not deterministic across endorsing peers: use the transaction timestamp or id';

export default tseslint.config(
    { ignores: ['dist/**', 'node_modules/**'] },
    ...tseslint.configs.recommended,
    {
        files: ['src/**/*.ts'],
        rules: {
            'no-restricted-globals': [
                'error',
                { name: 'setTimeout', message: `timers ${banned}` },
                { name: 'setInterval', message: `timers ${banned}` },
                { name: 'setImmediate', message: `timers ${banned}` },
                { name: 'fetch', message: `network access ${banned}` },
            ],
            'no-restricted-properties': [
                'error',
                { object: 'Date', property: 'now', message: `Date.now() ${banned}` },
                { object: 'Math', property: 'random', message: `Math.random() ${banned}` },
                { object: 'process', property: 'env', message: `process.env ${banned}` },
                { object: 'crypto', property: 'randomBytes', message: `randomness ${banned}` },
                { object: 'crypto', property: 'randomUUID', message: `randomness ${banned}` },
            ],
            'no-restricted-syntax': [
                'error',
                { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: `new Date() ${banned}` },
                { selector: "CallExpression[callee.name='Date']", message: `Date() ${banned}` },
            ],
            'no-restricted-imports': [
                'error',
                {
                    paths: ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'http', 'node:http', 'https', 'node:https', 'net', 'node:net', 'dgram', 'node:dgram', 'child_process', 'node:child_process'].map((name) => ({
                        name,
                        message: `file, network and process access ${banned}`,
                    })),
                    patterns: [{ group: ['node:crypto', 'crypto'], importNames: ['randomBytes', 'randomUUID', 'randomInt', 'getRandomValues'], message: `randomness ${banned}` }],
                },
            ],
        },
    },
);
