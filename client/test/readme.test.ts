import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('README', () => {
    it('shows the pay-across-a-border example exactly as the file the integration test runs', () => {
        const readme = readFileSync(`${root}README.md`, 'utf8');
        const example = readFileSync(`${root}examples/pay-across-a-border.ts`, 'utf8');
        const marker = readme.indexOf('<!-- example: examples/pay-across-a-border.ts');
        expect(marker, 'the README marks the example block').to.be.greaterThan(-1);
        const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(marker))?.[1];
        expect(block).to.equal(example);
    });

    it('the example is ten lines of code or fewer in its function', () => {
        const example = readFileSync(`${root}examples/pay-across-a-border.ts`, 'utf8');
        const body = example.slice(example.indexOf('{\n') + 2, example.lastIndexOf('}')).trim().split('\n');
        expect(body.length).to.be.at.most(10);
    });
});

describe('package', () => {
    it('is versioned with the API it speaks', () => {
        const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string };
        const api = JSON.parse(readFileSync(`${root}../gateway/openapi.json`, 'utf8')) as { info: { version: string } };
        expect(pkg.version).to.equal(api.info.version);
    });
});
