import type { Logger } from '../logger';
import type { IndexedBlock } from './index-model';
import type { IndexStore } from './index-store';

/** Blocks of the channel in order from `start`, until closed. The Fabric adapter is fabric/event-source.ts. */
export interface BlockSource {
    blocks(start: bigint): Promise<BlockStream>;
}

export interface BlockStream extends AsyncIterable<IndexedBlock> {
    close(): void;
}

export interface ListenerOptions {
    /** Wait before reconnecting after the stream failed; doubles up to `maxRetryMs`. */
    retryMs?: number;
    maxRetryMs?: number;
    /** How often to check that nobody moved the checkpoint back (a rebuild while running). */
    watchMs?: number;
}

/**
 * Feeds the index from the channel. It asks the store where to start (the checkpoint),
 * and the store commits each block's rows together with the next checkpoint, so a
 * crash at any point resumes at the first block not committed: nothing is lost and
 * nothing is counted twice. A failed stream or write is retried from the checkpoint.
 */
export class IndexListener {
    private stream: BlockStream | undefined;
    private stopped = true;
    private running: Promise<void> | undefined;
    private wake: (() => void) | undefined;
    private lastError: string | undefined;
    /** The next block this listener's stream will deliver. */
    private expected = 0n;
    private watchdog: NodeJS.Timeout | undefined;
    /** Set when this listener closed its own stream to start again: the stream's error is expected. */
    private rewound = false;

    constructor(
        private readonly source: BlockSource,
        private readonly store: IndexStore,
        private readonly logger: Logger,
        private readonly options: ListenerOptions = {},
    ) {}

    start(): void {
        if (!this.stopped) {
            return;
        }
        this.stopped = false;
        this.running = this.run();
        // An idle channel sends no block that would reveal a reset checkpoint: look for it.
        this.watchdog = setInterval(() => void this.restartIfRewound(), this.options.watchMs ?? 5_000);
        this.watchdog.unref();
    }

    async stop(): Promise<void> {
        this.stopped = true;
        clearInterval(this.watchdog);
        this.stream?.close();
        this.wake?.();
        await this.running;
    }

    /** Channel height minus the next block to index: 0 when the index has every committed block. */
    async lag(height: bigint): Promise<bigint> {
        const next = await this.store.nextBlock();
        return height > next ? height - next : 0n;
    }

    get error(): string | undefined {
        return this.lastError;
    }

    /** Read through a call: stop() sets the flag while run() awaits, which the compiler's narrowing cannot see. */
    private isStopped(): boolean {
        return this.stopped;
    }

    private async run(): Promise<void> {
        const initial = this.options.retryMs ?? 1_000;
        let delay = initial;
        while (!this.stopped) {
            try {
                await this.follow();
                delay = initial;
            } catch (err) {
                if (this.isStopped()) {
                    break;
                }
                if (this.rewound) {
                    this.rewound = false;
                    continue;
                }
                this.lastError = String((err as { message?: unknown } | null | undefined)?.message ?? err);
                this.logger.warn('index listener failed; resuming from its checkpoint', { error: this.lastError, retryInMs: delay });
            }
            if (this.isStopped()) {
                break;
            }
            await this.pause(delay);
            delay = Math.min(delay * 2, this.options.maxRetryMs ?? 30_000);
        }
    }

    private async follow(): Promise<void> {
        const start = await this.store.nextBlock();
        this.expected = start;
        this.stream = await this.source.blocks(start);
        this.rewound = false;
        this.logger.info('index listener reading blocks', { from: start.toString() });
        try {
            for await (const block of this.stream) {
                if (this.stopped) {
                    return;
                }
                const outcome = await this.store.applyBlock(block);
                this.expected = block.number + 1n;
                this.lastError = undefined;
                if (outcome.events > 0) {
                    this.logger.debug('indexed block', { block: block.number.toString(), events: outcome.events });
                }
            }
        } finally {
            this.stream.close();
        }
    }

    private async restartIfRewound(): Promise<void> {
        const stream = this.stream;
        try {
            if (stream !== undefined && (await this.store.nextBlock()) < this.expected) {
                this.logger.warn('index checkpoint moved back (rebuild); reading again from it');
                this.expected = 0n;
                this.rewound = true;
                stream.close();
            }
        } catch {
            // The next block or the next check will tell.
        }
    }

    private pause(ms: number): Promise<void> {
        return new Promise((resolve) => {
            const timer = setTimeout(resolve, ms);
            this.wake = () => {
                clearTimeout(timer);
                resolve();
            };
        });
    }
}
