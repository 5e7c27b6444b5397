// Dev network only (test-network.sh up): gives each bank a teller, a compliance officer and
// a bank administrator, created once through the bank's own API with its admin key, and
// prints the web app's four URLs with these sign-ins. The passwords are random per network
// and kept beside the API keys (.fabric/gateway/<org>/dev-staff.json, mode 600).
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const BANKS = ['bank1', 'bank2', 'bank3'] as const;
const URLS = { bank1: 'http://127.0.0.1:3001/', bank2: 'http://127.0.0.1:3002/', bank3: 'http://127.0.0.1:3003/', regulator: 'http://127.0.0.1:3004/' };
const ROLES = ['teller', 'compliance_officer', 'bank_admin'] as const;

interface StaffSignIn {
    role: (typeof ROLES)[number];
    email: string;
    password: string;
}

async function create(bank: (typeof BANKS)[number], role: StaffSignIn['role'], index: number): Promise<StaffSignIn> {
    const dataDir = join(ROOT, '.fabric', 'gateway', bank);
    const key = (JSON.parse(readFileSync(join(dataDir, 'api-keys.json'), 'utf8')) as { admin: string }).admin;
    const staff = {
        role,
        name: `Dev ${role.replace('_', ' ')} ${bank}`,
        email: `${role.replace('_', '-')}@${bank}.corridor-dev.example`,
        phone: `+4915100${BANKS.indexOf(bank) + 1}${String(index).padStart(5, '0')}`,
        password: `dev-${randomBytes(9).toString('base64url')}`,
    };
    const res = await fetch(`${URLS[bank]}v1/staff`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
        body: JSON.stringify(staff),
        signal: AbortSignal.timeout(30_000),
    });
    if (res.status !== 201) {
        throw new Error(`${bank} ${role}: ${res.status} ${await res.text()}`);
    }
    return { role, email: staff.email, password: staff.password };
}

async function staffOf(bank: (typeof BANKS)[number]): Promise<StaffSignIn[]> {
    const file = join(ROOT, '.fabric', 'gateway', bank, 'dev-staff.json');
    if (existsSync(file)) {
        return JSON.parse(readFileSync(file, 'utf8')) as StaffSignIn[];
    }
    const created = await Promise.all(ROLES.map((role, index) => create(bank, role, index)));
    writeFileSync(file, JSON.stringify(created, null, 2) + '\n', { mode: 0o600 });
    return created;
}

const built = existsSync(join(ROOT, 'web', 'dist', 'index.html'));
console.log(`\nWeb app${built ? '' : ' (not built yet: npm run build)'}:`);
for (const [org, url] of Object.entries(URLS)) {
    console.log(`  ${org.padEnd(10)} ${url}`);
}
console.log('Dev staff sign-ins (the second-factor code waits in the gateway outbox):');
for (const bank of BANKS) {
    for (const staff of await staffOf(bank)) {
        console.log(`  ${bank.padEnd(6)} ${staff.role.padEnd(19)} ${staff.email.padEnd(46)} ${staff.password}`);
    }
}
