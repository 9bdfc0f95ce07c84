export * from './business';
export * from './holidays';
export * from './zone';
