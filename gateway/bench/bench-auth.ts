import { randomBytes, randomUUID } from 'node:crypto';
import winston from 'winston';
import { EnvelopeCipher } from '../src/security/envelope-cipher';
import { PasswordHasher, PRODUCTION_ARGON2 } from '../src/security/password-hasher';
import { createCustomerModule } from '../src/customers/customer-module';
import { loadCustomerSettings } from '../src/customers/customer-settings';
import { PersonalDataVault } from '../src/customers/personal-data';
import { openCustomerDatabase, SqlCustomerStore } from '../src/customers/sql-customer-store';

/**
 * Sign-in throughput with the production argon2id parameters (or those of the
 * environment): full two-step logins against an in-memory store, next to the cost of
 * one hash. Usage: node dist/bench/bench-auth.js [logins] [concurrency]
 */
async function main(argv: string[]): Promise<void> {
    const total = Number(argv[0] ?? 40);
    const concurrency = Number(argv[1] ?? 2);
    const settings = { ...loadCustomerSettings(process.env, '/nonexistent'), database: ':memory:' };
    settings.limits = { login: { limit: 1e9, windowSeconds: 1 }, code: { limit: 1e9, windowSeconds: 1 }, recovery: settings.limits.recovery, register: settings.limits.register };
    const cipher = new EnvelopeCipher(randomBytes(32));
    const store = await SqlCustomerStore.open(openCustomerDatabase(':memory:'), new PersonalDataVault(cipher, randomBytes(32)));
    const module = createCustomerModule({ settings, logger: winston.createLogger({ silent: true }), store, cipher, holderRefKey: randomBytes(32) });
    const hasher = new PasswordHasher(settings.argon2);

    const hashTimes: number[] = [];
    for (let i = 0; i < 5; i += 1) {
        const started = process.hrtime.bigint();
        await hasher.hash('bench-password-123');
        hashTimes.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    const password = 'bench-password-123';
    const users = Array.from({ length: concurrency }, (_, i) => `bench${i}@corridor.example`);
    for (const email of users) {
        const at = new Date().toISOString();
        await store.insertUser({
            id: randomUUID(), role: 'customer', name: 'Bench', phone: null, email, phoneVerified: false, emailVerified: true,
            passwordHash: await hasher.hash(password), agreements: null, createdAt: at, updatedAt: at,
        });
    }
    const latencies: number[] = [];
    const caller = { clientAddress: '127.0.0.1' };
    const started = process.hrtime.bigint();
    await Promise.all(
        users.map(async (email) => {
            for (let i = 0; i < Math.ceil(total / concurrency); i += 1) {
                const t0 = process.hrtime.bigint();
                const challenge = await module.accounts.startLogin(email, password, caller);
                const outbox = await store.listOutbox(1_000_000);
                const code = /(\d{6})/.exec(outbox.filter((m) => m.recipient === email).at(-1)?.body ?? '')?.[1] ?? '';
                await module.accounts.completeLogin(challenge.challengeId, code, caller);
                latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
            }
        }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    latencies.sort((a, b) => a - b);
    const p95 = latencies[Math.min(latencies.length - 1, Math.ceil(latencies.length * 0.95) - 1)] ?? 0;
    console.log(
        JSON.stringify({
            argon2id: settings.argon2,
            meetsFloor: settings.argon2.memoryKiB >= PRODUCTION_ARGON2.memoryKiB && settings.argon2.iterations >= PRODUCTION_ARGON2.iterations,
            hashMsMedian: Number([...hashTimes].sort((a, b) => a - b)[2]?.toFixed(1)),
            logins: latencies.length,
            concurrency,
            loginsPerSecond: Number((latencies.length / seconds).toFixed(1)),
            p95Ms: Number(p95.toFixed(1)),
        }),
    );
    await store.close();
}

main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(String(err));
    process.exit(1);
});
