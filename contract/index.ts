export * from './common';
export * from './files';
export * from './segment';
