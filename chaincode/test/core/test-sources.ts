import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The text of every test file under test/, read from the TypeScript sources (tests run from dist/). */
export function testSources(): string {
    const root = join(__dirname, '..', '..', '..', 'test');
    return readdirSync(root, { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.test.ts'))
        .map((file) => readFileSync(join(root, file), 'utf8'))
        .join('\n');
}
