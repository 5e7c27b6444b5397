/** Runs a dev server from the command line (`node <tool>.js [port]`), one JSON line per event. */
export function serveFromCommandLine(label: string, defaultPort: number, start: (port: number, log: (line: string) => void) => Promise<{ port: number }>): void {
    const port = Number(process.argv[2] ?? String(defaultPort));
    start(port, (line) => { console.log(line); })
        .then((server) => { console.log(JSON.stringify({ level: 'info', message: `${label} listening`, port: server.port })); })
        .catch((err: unknown) => {
            console.error(JSON.stringify({ level: 'error', message: `${label} failed to start`, error: String(err) }));
            process.exit(1);
        });
}
