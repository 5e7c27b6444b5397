export * from './rounding';
export * from './convert';
export * from './rate';
export * from './quote';
export * from './settlement';
export { instantMillis, isoInstant } from '../../core/validation';
