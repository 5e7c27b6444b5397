export * from './rule-set';
export * from './evaluate';
export * from './alerts';
export * from './review';
