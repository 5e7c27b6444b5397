/** A value bound to a statement: money and block numbers are bigint, never number. */
export type SqlValue = string | bigint | number | Buffer | null;

export type SqlRow = Record<string, unknown>;

/** Statements with `?` placeholders; each driver binds them its own way. */
export interface SqlExecutor {
    all(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]>;
    /** Returns the number of rows changed. */
    run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

export type Dialect = 'sqlite' | 'postgres';

/** One adapter per database technology; everything above it is the same SQL. */
export interface SqlDriver extends SqlExecutor {
    readonly dialect: Dialect;
    /** Runs `work` in one transaction: all of it commits, or none of it. */
    transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
    close(): Promise<void>;
}

/** An insert or update that would duplicate a unique key, whichever database refused it. */
export class UniqueViolation extends Error {
    constructor(
        /** The columns of the violated key, without their table. */
        readonly columns: readonly string[],
        cause: unknown,
    ) {
        super(`unique key (${columns.join(', ')}) already taken`, { cause });
        this.name = 'UniqueViolation';
    }
}

/** Integers come back as bigint (SQLite with safe integers), string (pg BIGINT) or number. */
export function big(value: unknown): bigint {
    if (typeof value === 'bigint') {
        return value;
    }
    if (typeof value === 'number' || typeof value === 'string') {
        return BigInt(value);
    }
    throw new Error(`expected an integer column, got ${typeof value}`);
}

export function bigOrNull(value: unknown): bigint | null {
    return value === null || value === undefined ? null : big(value);
}

export function int(value: unknown): number {
    return Number(big(value));
}

export function str(value: unknown): string {
    if (typeof value !== 'string') {
        throw new Error(`expected a text column, got ${typeof value}`);
    }
    return value;
}

export function strOrNull(value: unknown): string | null {
    return value === null || value === undefined ? null : str(value);
}
