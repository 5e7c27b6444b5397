import { int, type Dialect, type SqlDriver, type SqlExecutor } from './sql-driver';

/**
 * One schema version of a store. `statements` are the common subset of SQLite and
 * PostgreSQL (BIGINT has integer affinity in SQLite); a statement that must differ goes
 * in `sqlite` or `postgres`, run after the common ones.
 */
export interface Migration<Keys = undefined> {
    version: number;
    name: string;
    statements: readonly string[];
    sqlite?: readonly string[];
    postgres?: readonly string[];
    /** Runs after the statements, in the same transaction: data changes that need the store's keys. */
    transform?: (tx: SqlExecutor, dialect: Dialect, keys: Keys) => Promise<void>;
    /**
     * Rebuilds a table that others refer to. On SQLite foreign keys are off around it and
     * checked before the commit (SQLite's own procedure for changes ALTER TABLE cannot make).
     */
    rebuildsTables?: boolean;
}

/**
 * Applies the migrations not yet recorded in `table`, each in its own transaction, so a
 * store stopped halfway resumes at the version it reached; returns the versions applied.
 */
export async function migrate<Keys>(db: SqlDriver, table: string, migrations: readonly Migration<Keys>[], keys: Keys): Promise<number[]> {
    await db.run(`CREATE TABLE IF NOT EXISTS ${table} (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const done = new Set((await db.all(`SELECT version FROM ${table}`)).map((row) => int(row.version)));
    const applied: number[] = [];
    for (const migration of migrations.filter((m) => !done.has(m.version))) {
        const offForRebuild = db.dialect === 'sqlite' && migration.rebuildsTables === true && (await sqliteForeignKeys(db));
        // The pragma is ignored inside a transaction, so it is set around it.
        if (offForRebuild) {
            await db.run('PRAGMA foreign_keys = OFF');
        }
        try {
            await db.transaction(async (tx) => {
                for (const statement of [...migration.statements, ...((db.dialect === 'sqlite' ? migration.sqlite : migration.postgres) ?? [])]) {
                    await tx.run(statement);
                }
                await migration.transform?.(tx, db.dialect, keys);
                if (offForRebuild && (await tx.all('PRAGMA foreign_key_check')).length > 0) {
                    throw new Error(`migration ${migration.version} left rows whose foreign keys point nowhere`);
                }
                await tx.run(`INSERT INTO ${table} (version, name, applied_at) VALUES (?, ?, ?)`, [migration.version, migration.name, new Date().toISOString()]);
            });
        } finally {
            if (offForRebuild) {
                await db.run('PRAGMA foreign_keys = ON');
            }
        }
        applied.push(migration.version);
    }
    return applied;
}

async function sqliteForeignKeys(db: SqlDriver): Promise<boolean> {
    const [row] = await db.all('PRAGMA foreign_keys');
    return row !== undefined && int(row.foreign_keys) === 1;
}
