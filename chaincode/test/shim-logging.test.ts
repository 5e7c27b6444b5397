import { expect } from 'chai';
import sinon from 'sinon';
import { Shim } from 'fabric-shim';
import { moduleLoggers, skipUnloggedDebug, type LevelledLogger } from '../src/shim-logging';

/** A logger of the shim's own kind (winston with the shim's format) under a name no module uses. */
function testLogger(name: string, level: string): { level: string; write: (...args: unknown[]) => boolean; debug: (...args: unknown[]) => unknown; info: (...args: unknown[]) => unknown } {
    const logger = Shim.newLogger(name) as unknown as ReturnType<typeof testLogger>;
    logger.level = level;
    return logger;
}

describe('debug lines of the shim', () => {
    afterEach(() => sinon.restore());

    it('when the level is INFO, then a debug call never reaches winston, and info still does', () => {
        const logger = testLogger('test-info', 'info');
        const write = sinon.spy(logger, 'write');
        skipUnloggedDebug([logger as unknown as LevelledLogger]);
        logger.debug('handleGetState - with key: %s', 'k');
        expect(write.called).to.equal(false);
        logger.info('Calling chaincode Invoke() succeeded');
        expect(write.calledOnce).to.equal(true);
    });

    it('when the level is DEBUG, then debug lines are left as they are', () => {
        const logger = testLogger('test-debug', 'debug');
        const write = sinon.spy(logger, 'write');
        skipUnloggedDebug([logger as unknown as LevelledLogger]);
        logger.debug('handleGetState - with key: %s', 'k');
        expect(write.calledOnce).to.equal(true);
    });

    it('then the loggers it changes are the ones the shim\'s modules log through', () => {
        expect(moduleLoggers()).to.include(Shim.newLogger('lib/handler.js'));
        expect(moduleLoggers()).to.include(Shim.newLogger('lib/stub.js'));
        expect(new Set(moduleLoggers()).size).to.equal(moduleLoggers().length);
    });
});
