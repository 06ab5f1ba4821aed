// Tests only (pool.test.ts): the real segmenter worker, except that a plan whose imageKey starts with "crash:" makes
// the thread exit with code 1 before the worker sees it, as an OpenCV abort or out-of-memory would.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

parentPort?.on('message', (message) => {
  if (message?.type === 'task' && String(message.payload?.input?.imageKey).startsWith('crash:')) process.exit(1);
});
register();
await import('./worker.ts');
