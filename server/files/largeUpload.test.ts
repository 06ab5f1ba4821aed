/**
 * A 200 MiB upload (the size of an uncompressed 24-megapixel photo and then some) streams to disk without being
 * held in memory, and comes back byte for byte.
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FileInfo } from '../../contract';
import { startEmulator, type StartedEmulator } from '../testing/startEmulator';

const UPLOAD_BYTES = 200 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;

let emulator: StartedEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});

/** Deterministic, non-repeating-per-chunk bytes, so a dropped or reordered chunk changes the hash. */
function chunkAt(index: number): Uint8Array {
  const chunk = new Uint8Array(CHUNK_BYTES);
  chunk.fill(index % 251);
  new DataView(chunk.buffer).setUint32(0, index);
  return chunk;
}

it('stores a 200 MiB body streamed in 1 MiB chunks and serves it back', async () => {
  const created = (await (
    await emulator.request('POST', '/files', { body: { name: 'huge.bin', mimeType: 'application/octet-stream' } })
  ).json()) as FileInfo & { uploadUrl: string };
  const expectedHash = createHash('sha256');
  let index = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (index * CHUNK_BYTES >= UPLOAD_BYTES) {
        controller.close();
        return;
      }
      const chunk = chunkAt(index);
      expectedHash.update(chunk);
      controller.enqueue(chunk);
      index += 1;
    },
  });
  const heapBeforeBytes = process.memoryUsage().heapUsed;
  const startedMs = performance.now();
  const put = await fetch(created.uploadUrl, { method: 'PUT', body, duplex: 'half' } as RequestInit);
  const uploadMs = performance.now() - startedMs;
  expect(put.status).toBe(200);
  const file = emulator.context.files.resolve({ id: created.id });
  expect(file?.uploaded).toBe(true);
  expect(file?.sizeBytes).toBe(UPLOAD_BYTES);
  expect((await stat(file?.bytesPath ?? '')).size).toBe(UPLOAD_BYTES);
  expect(file?.cacheKey).toBe(`${created.id}:${expectedHash.digest('hex')}`);
  // Streaming, not buffering: the heap grows by far less than the body.
  expect(process.memoryUsage().heapUsed - heapBeforeBytes).toBeLessThan(UPLOAD_BYTES / 2);

  const [link] = ((await (await emulator.request('POST', '/files/downloadlink', { body: { items: [{ id: created.id }] } })).json()) as {
    items: Array<{ downloadUrl: string }>;
  }).items;
  const download = await fetch(link?.downloadUrl ?? '');
  expect(download.headers.get('content-length')).toBe(String(UPLOAD_BYTES));
  const downloadHash = createHash('sha256');
  let downloadedBytes = 0;
  for await (const chunk of download.body as unknown as AsyncIterable<Uint8Array>) {
    downloadHash.update(chunk);
    downloadedBytes += chunk.length;
  }
  expect(downloadedBytes).toBe(UPLOAD_BYTES);
  expect(`${created.id}:${downloadHash.digest('hex')}`).toBe(file?.cacheKey);
  console.log(`200 MiB upload: ${uploadMs.toFixed(0)} ms (${(UPLOAD_BYTES / 1024 / 1024 / (uploadMs / 1000)).toFixed(0)} MiB/s)`);
});
