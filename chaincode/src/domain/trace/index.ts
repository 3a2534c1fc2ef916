export * from './types';
export * from './validate';
export * from './rules';
export * from './qr';
export * from './verdict';
export * from './verdict-level';
export * from './custody';
