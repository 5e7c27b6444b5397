import { expect } from 'chai';
import sinon from 'sinon';
import { Shim } from 'fabric-shim';
import { moduleLoggers, skipUnloggedDebug, type LevelledLogger } from '../../src/shim/logging';

type ShimLogger = LevelledLogger & { level: string; write: () => boolean; info: (...args: unknown[]) => unknown };

/**
 * A logger of the shim's own kind (winston with the shim's format) under a name no module
 * uses, at `level`, after skipUnloggedDebug, with a spy on what reaches winston.
 */
function skippedAt(name: string, level: string): { logger: ShimLogger; write: sinon.SinonSpy } {
    const logger = Shim.newLogger(name) as unknown as ShimLogger;
    logger.level = level;
    const write = sinon.spy(logger, 'write');
    skipUnloggedDebug([logger]);
    return { logger, write };
}

describe('debug lines of the shim', () => {
    afterEach(() => sinon.restore());

    it('when the level is INFO, then a debug call never reaches winston, and info still does', () => {
        const { logger, write } = skippedAt('test-info', 'info');
        logger.debug('handleGetState - with key: %s', 'k');
        expect(write.called).to.equal(false);
        logger.info('Calling chaincode Invoke() succeeded');
        expect(write.calledOnce).to.equal(true);
    });

    it('when the level is DEBUG, then debug lines are left as they are', () => {
        const { logger, write } = skippedAt('test-debug', 'debug');
        logger.debug('handleGetState - with key: %s', 'k');
        expect(write.calledOnce).to.equal(true);
    });

    it('then the loggers it changes are the ones the shim\'s modules log through', () => {
        expect(moduleLoggers()).to.include(Shim.newLogger('lib/handler.js'));
        expect(moduleLoggers()).to.include(Shim.newLogger('lib/stub.js'));
        expect(new Set(moduleLoggers()).size).to.equal(moduleLoggers().length);
    });
});
