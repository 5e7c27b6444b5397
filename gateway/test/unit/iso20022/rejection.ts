import { expect } from 'chai';
import { AppError } from '../../../src/errors';

/** The AppError a promise is refused with; a test fails when it is kept instead. */
export async function rejectionOf(promise: Promise<unknown>): Promise<AppError> {
    try {
        await promise;
    } catch (err) {
        expect(err).to.be.instanceOf(AppError);
        return err as AppError;
    }
    throw new Error('the promise was kept: nothing was refused');
}
