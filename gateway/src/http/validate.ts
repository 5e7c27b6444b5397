import type Joi from 'joi';
import { AppError } from '../errors';

/** Validates one part of a request; the first problem is reported with its field path. */
export function validate<T>(schema: Joi.Schema<T>, value: unknown): T {
    const { value: parsed, error } = schema.validate(value, { abortEarly: true, convert: false });
    if (error) {
        const detail = error.details[0];
        throw new AppError('VALIDATION_FAILED', detail?.message ?? error.message, detail?.path.join('.'));
    }
    return parsed as T;
}
