import { Context } from 'fabric-contract-api';
import { decode, encode } from './codec';
import { fail } from './errors';

/** MSP ids that may read everything and write nothing on the ledger. */
export const READ_ONLY_MSPS: readonly string[] = ['RegulatorMSP'];

export function callerMsp(ctx: Context): string {
    return ctx.clientIdentity.getMSPID();
}

export function requireWriter(ctx: Context): string {
    const msp = callerMsp(ctx);
    if (READ_ONLY_MSPS.includes(msp)) {
        fail('UNAUTHORIZED', `${msp} has read-only access to the ledger`);
    }
    return msp;
}

/** The transaction's timestamp as ISO 8601: the only clock chaincode may read. */
export function txTime(ctx: Context): string {
    const ts = ctx.stub.getTxTimestamp();
    const millis = Number(ts.seconds) * 1000 + Math.floor(ts.nanos / 1_000_000);
    return new Date(millis).toISOString();
}

export async function readRecord(ctx: Context, key: string): Promise<unknown | undefined> {
    const bytes = await ctx.stub.getState(key);
    return bytes.length === 0 ? undefined : decode(bytes);
}

export async function writeRecord(ctx: Context, key: string, record: unknown): Promise<void> {
    await ctx.stub.putState(key, encode(record));
}

export function parseJsonArgument(text: string, name: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return fail('INVALID_ARGUMENT', `${name} is not valid JSON`);
    }
}
