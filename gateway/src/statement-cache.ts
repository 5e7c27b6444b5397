import type Database from 'better-sqlite3';

/**
 * Compiled SQLite statements by their SQL text. better-sqlite3's prepare parses and plans
 * the SQL on every call, which was the largest single cost of an indexing gateway during
 * bench:ledger. The stores run a small fixed set of statements; the bound only keeps a
 * caller that builds its SQL from growing the map without end.
 */
export class StatementCache {
    private readonly statements = new Map<string, Database.Statement>();

    constructor(
        private readonly db: Database.Database,
        private readonly limit = 256,
    ) {}

    get(sql: string): Database.Statement {
        let statement = this.statements.get(sql);
        if (statement === undefined) {
            if (this.statements.size >= this.limit) {
                this.statements.clear();
            }
            statement = this.db.prepare(sql);
            this.statements.set(sql, statement);
        }
        return statement;
    }
}
