// A worker_threads Worker cannot load .ts directly under tsx on Node 20: register tsx's loader in this thread, then
// import the TypeScript entry.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
