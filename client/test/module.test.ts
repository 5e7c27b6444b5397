import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const CLIENT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs a fresh Node.js in the client's folder and prints what the script prints. */
async function run(args: string[]): Promise<string> {
    const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: CLIENT, timeout: 30_000 });
    return stdout.trim();
}

describe('the package as its users load it', () => {
    it('an ESM import loads the chaincode contract but nothing of Fabric', async () => {
        const script = `import { createRequire } from 'node:module';
await import('@corridor/client');
const loaded = Object.keys(createRequire(import.meta.url).cache);
console.log(JSON.stringify({ contract: loaded.some((file) => file.includes('chaincode/dist/src/api')), fabric: loaded.filter((file) => /fabric-(shim|contract-api)/.test(file)) }));`;
        expect(JSON.parse(await run(['--input-type=module', '-e', script]))).to.deep.equal({ contract: true, fabric: [] });
    });

    it('a CommonJS program require()s it as it is (the gateway\'s tests and benchmarks do)', async () => {
        const script = `const sdk = require('@corridor/client'); console.log(typeof sdk.CorridorClient, typeof sdk.verifyWebhook, sdk.ERROR_CODES.length > 50);`;
        expect(await run(['-e', script])).to.equal('function function true');
    });
});
