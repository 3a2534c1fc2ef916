export * from './types';
export * from './validate';
export * from './commitment';
export * from './draw';
export * from './evaluate';
export * from './replay';
