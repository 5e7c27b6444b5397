// Measures what a customer's browser downloads before the first page: the entry chunk and
// every chunk it imports statically, gzip-compressed. The staff console is a dynamic import
// and must stay out of it. Fails the build past the budget.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 250 * 1024;
const dist = join(import.meta.dirname, '..', 'dist');

interface Chunk {
    file: string;
    src?: string;
    isEntry?: boolean;
    imports?: string[];
    dynamicImports?: string[];
}

const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<string, Chunk>;
const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry === true);
if (entry === undefined) {
    throw new Error('no entry chunk in the manifest');
}

const loaded = new Set<string>();
const visit = (key: string): void => {
    if (loaded.has(key)) {
        return;
    }
    loaded.add(key);
    for (const next of manifest[key]?.imports ?? []) {
        visit(next);
    }
};
visit(entry[0]);

const gzipped = (file: string): number => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
// The reader's language catalogue is fetched at start too: the larger one is counted.
const catalogue = Math.max(...Object.entries(manifest).filter(([key]) => /src\/i18n\/.*\.json$/.test(key)).map(([, chunk]) => gzipped(chunk.file)));
if (!Number.isFinite(catalogue)) {
    throw new Error('no language catalogue chunk in the manifest');
}
const entryBytes = catalogue + [...loaded].reduce((sum, key) => sum + gzipped(manifest[key]?.file ?? ''), 0);
const staff = Object.entries(manifest).find(([key]) => key.includes('staff-console'));
if (staff === undefined || loaded.has(staff[0])) {
    throw new Error('the staff console must be a chunk of its own, outside the customer entry');
}
const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
console.log(`customer entry: ${kib(entryBytes)} gzip in ${loaded.size} chunk(s) and a catalogue (budget ${kib(BUDGET_BYTES)}); staff console chunk: ${kib(gzipped(staff[1].file))} gzip, loaded on demand`);
if (entryBytes > BUDGET_BYTES) {
    console.error('customer entry is over its budget');
    process.exit(1);
}
