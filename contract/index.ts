export * from './common';
export * from './files';
export * from './segment';
export * from './annotationData';
export * from './annotations';
