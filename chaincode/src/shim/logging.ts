import { Shim } from 'fabric-shim';

export interface LevelledLogger {
    isDebugEnabled(): boolean;
    debug: (...args: unknown[]) => unknown;
}

// fabric-contract-api keeps its own loggers; getLogger returns the one a module already made.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const contractApiLogs = require('fabric-contract-api/lib/logger') as { getLogger(name: string): LevelledLogger };

/** The names fabric-shim 2.5 and fabric-contract-api 2.5 create their module loggers under. */
const SHIM_LOGGERS = [
    'lib/chaincode.js', 'lib/handler.js', 'lib/iterators.js', 'lib/server.js', 'lib/stub.js',
    'contracts-spi/bootstrap.js', 'contracts-spi/chaincodefromcontract.js', 'contracts-spi/datamarshall.js',
];
const CONTRACT_API_LOGGERS = ['./lib/contract.js', './lib/jsontransactionserializer.js'];

/**
 * Makes the shim's debug lines free when they are not logged. Winston 3 runs a message
 * through the logger's whole format (timestamp, metadata, colours, padding, printf with a
 * JSON dump of its arguments) before the transport drops it for its level, and the shim
 * writes about five debug lines for every message exchange with the peer: at INFO, a CPU
 * profile of a chaincode server under bench:ledger put a fifth of its time in winston and
 * logform. Below DEBUG (CORE_CHAINCODE_LOGGING_LEVEL), each module logger's debug method
 * becomes a no-op; INFO and above are untouched.
 */
export function skipUnloggedDebug(loggers: LevelledLogger[] = moduleLoggers()): void {
    for (const logger of loggers) {
        if (!logger.isDebugEnabled()) {
            logger.debug = () => logger;
        }
    }
}

export function moduleLoggers(): LevelledLogger[] {
    return [...SHIM_LOGGERS.map((name) => Shim.newLogger(name) as unknown as LevelledLogger), ...CONTRACT_API_LOGGERS.map((name) => contractApiLogs.getLogger(name))];
}
