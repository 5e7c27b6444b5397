/**
 * Every list that pages, as an async iterator: `for await (const entry of client.x.all())`.
 * The gateway pages two ways, both opaque to the caller: ledger reads hand back a Fabric
 * bookmark (empty on the last page), index reads a `nextCursor` (absent or null at the end).
 */

export interface PageOf<T> {
    items: T[];
    /** The next page's token; undefined at the end. */
    next: string | undefined;
}

/** Walks pages from the first (token undefined) until the last, yielding every item in order. */
export async function* paginate<T>(fetchPage: (token: string | undefined) => Promise<PageOf<T>>, start?: string): AsyncGenerator<T, void, undefined> {
    let token = start;
    const seen = new Set<string>();
    for (;;) {
        const page = await fetchPage(token);
        yield* page.items;
        // A page that hands back a token already followed would loop forever; the list ends there.
        if (page.next === undefined || page.next === '' || page.items.length === 0 || seen.has(page.next)) {
            return;
        }
        seen.add(page.next);
        token = page.next;
    }
}

/** Collects an async iterator, up to `limit` items. */
export async function collect<T>(items: AsyncIterable<T>, limit = Number.POSITIVE_INFINITY): Promise<T[]> {
    const all: T[] = [];
    if (limit <= 0) {
        return all;
    }
    // Stops as soon as the limit is reached, so no page past it is fetched.
    for await (const item of items) {
        all.push(item);
        if (all.length >= limit) {
            break;
        }
    }
    return all;
}
