/**
 * A store for listing routes only, built while test files load (before any hook can
 * await): it is never opened, so any use of it fails loudly.
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the type the proxy stands in for
export function unopened<T extends object>(what: string): T {
    return new Proxy({} as T, {
        get: (_target, name) => () => {
            throw new Error(`${what}.${String(name)} used while listing routes`);
        },
    });
}
