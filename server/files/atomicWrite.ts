/**
 * Atomic file writes: write beside the target under a unique temporary name, fsync, then rename over the target.
 * A crash or a failed upload therefore leaves either the old file or the new one, never a torn mix, and a reader
 * (the segmenter, the icon maker) that already opened the old file keeps reading the old bytes.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const TMP_MARKER = '.tmp-';

function temporaryPathFor(target: string): string {
  return `${target}${TMP_MARKER}${randomBytes(6).toString('hex')}`;
}

export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  const tmp = temporaryPathFor(target);
  try {
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, target);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
  constructor(readonly limitBytes: number) {
    super(`Upload exceeds the limit of ${limitBytes} bytes`);
  }
}

/**
 * Streams `source` into `target` atomically, failing with BodyTooLargeError past `limitBytes`. `onChunk` sees every
 * chunk (used to hash the bytes on the way through). Returns the number of bytes written.
 */
export async function streamToFileAtomic(
  source: Readable,
  target: string,
  limitBytes: number,
  onChunk: (chunk: Buffer) => void,
): Promise<number> {
  const tmp = temporaryPathFor(target);
  let sizeBytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      sizeBytes += chunk.length;
      if (sizeBytes > limitBytes) {
        callback(new BodyTooLargeError(limitBytes));
        return;
      }
      onChunk(chunk);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(source, meter, createWriteStream(tmp));
    const handle = await open(tmp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, target);
    return sizeBytes;
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/** Removes temporary files a crash left behind in `directory`. */
export async function removeStaleTemporaryFiles(directory: string): Promise<void> {
  const names = await readdir(directory);
  await Promise.all(
    names.filter((name) => name.includes(TMP_MARKER)).map((name) => rm(path.join(directory, name), { force: true })),
  );
}
