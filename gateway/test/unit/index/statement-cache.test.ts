import { expect } from 'chai';
import Database from 'better-sqlite3';
import { StatementCache } from '../../../src/statement-cache';

describe('StatementCache', () => {
    let db: Database.Database;

    beforeEach(() => {
        db = new Database(':memory:');
        db.exec('CREATE TABLE t (n INTEGER)');
    });

    afterEach(() => db.close());

    it('when the same SQL runs again, then it reuses the compiled statement and still sees new rows', () => {
        const cache = new StatementCache(db);
        const insert = cache.get('INSERT INTO t (n) VALUES (?)');
        expect(cache.get('INSERT INTO t (n) VALUES (?)')).to.equal(insert);
        insert.run(1);
        cache.get('INSERT INTO t (n) VALUES (?)').run(2);
        expect(cache.get('SELECT n FROM t ORDER BY n').all()).to.deep.equal([{ n: 1 }, { n: 2 }]);
    });

    it('when more distinct statements arrive than its bound, then it starts over instead of growing', () => {
        const cache = new StatementCache(db, 2);
        const first = cache.get('SELECT 1 AS n');
        cache.get('SELECT 2 AS n');
        cache.get('SELECT 3 AS n');
        expect(cache.get('SELECT 1 AS n')).to.not.equal(first);
        expect(cache.get('SELECT 1 AS n').get()).to.deep.equal({ n: 1 });
    });
});
