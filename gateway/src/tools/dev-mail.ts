import { serveFromCommandLine } from './dev-server-main';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { maskRecipient } from '../notifications/notifier';

/**
 * The dev network's mail server: a real SMTP exchange on 127.0.0.1 that accepts every
 * message and keeps none (the gateway's outbox, read through GET /v1/dev/mailbox, is where
 * a newcomer reads what was sent). Plain SMTP without STARTTLS or AUTH, which the gateway
 * allows only to a server on this machine.
 * Usage: node dist/src/tools/dev-mail.js <port>
 */
export interface DevMailServer {
    port: number;
    /** How many messages were accepted since start. */
    accepted(): number;
    close(): Promise<void>;
}

/** Largest message accepted: codes and notices are a few hundred bytes. */
const MAX_MESSAGE_BYTES = 256 * 1024;

export async function startDevMail(port: number, log: (line: string) => void = () => undefined): Promise<DevMailServer> {
    let count = 0;
    const server = new SMTPServer({
        logger: false,
        disabledCommands: ['STARTTLS', 'AUTH'],
        authOptional: true,
        size: MAX_MESSAGE_BYTES,
        onData(stream, session, callback) {
            let bytes = 0;
            stream.on('data', (chunk: Buffer) => { bytes += chunk.length; });
            stream.on('end', () => {
                count += 1;
                const to = session.envelope.rcptTo.map((rcpt) => maskRecipient('email', rcpt.address));
                log(JSON.stringify({ level: 'info', message: 'mail accepted', to, bytes }));
                callback();
            });
        },
    });
    await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => { resolve(); });
    });
    return {
        port: (server.server.address() as AddressInfo).port,
        accepted: () => count,
        close: () => new Promise<void>((resolve) => { server.close(() => { resolve(); }); }),
    };
}

if (require.main === module) {
    serveFromCommandLine('dev mail server', 2525, startDevMail);
}
