import { join } from 'node:path';
import { loadConfig } from '../config';
import { openIndexStore } from './open-index-store';

/**
 * `node dist/src/index/rebuild-index.js`: empties the index (with the gateway's
 * environment) and sets its checkpoint to block 0. A running gateway's listener then
 * meets a gap, resumes from the checkpoint and reads the channel again from block 0;
 * a stopped one does so when it starts. CORRIDOR_INDEX_REBUILD=1 does the same at start.
 */
async function rebuild(): Promise<void> {
    const config = loadConfig(process.env);
    const store = await openIndexStore(config.indexUrl ?? join(config.dataDir, 'index.db'));
    try {
        await store.reset();
        console.log(JSON.stringify({ level: 'info', message: 'index emptied; the listener reads again from block 0', org: config.org }));
    } finally {
        await store.close();
    }
}

rebuild().catch((err: unknown) => {
    console.error(JSON.stringify({ level: 'error', message: 'index rebuild failed', error: String(err) }));
    process.exit(1);
});
