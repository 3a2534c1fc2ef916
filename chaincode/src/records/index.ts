export * from './fields';
export * from './common';
export * from './pipeline';
export * from './hash-only';
export * from './placement';
export * from './redaction';
