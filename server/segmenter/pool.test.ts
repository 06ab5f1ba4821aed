/**
 * The worker pool: results equal the in-process segmenter's, job errors stay job errors, close() rejects pending work,
 * and memory stays flat over many jobs (every OpenCV Mat freed).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeToRgb } from './imageCache';
import { loadOpenCv } from './opencv';
import { createSegmenterPool } from './pool';
import { segmentDecodedImage } from './segmentImage';
import { SegmentationError, type SegmenterInput, WorkerCrashedError } from './types';

let directory: string;
let photoPath: string;
let tinyPhotoPath: string;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'pool-test-'));
  photoPath = path.join(directory, 'photo.png');
  // A small crop of a real sample photo keeps each job to a few tens of ms.
  const chelsea = path.resolve(import.meta.dirname, '../fixtures/photos/chelsea.png');
  await sharp(chelsea).resize(160, 106).png().toFile(photoPath);
  tinyPhotoPath = path.join(directory, 'tiny.png');
  await sharp(chelsea).resize(96, 64).png().toFile(tinyPhotoPath);
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const input = (x: number): SegmenterInput => ({
  imageKey: 'chelsea-small',
  imagePath: photoPath,
  prompt: { points: [{ x, y: 0.5, label: 1 }] },
});

describe('createSegmenterPool', () => {
  it('gives the same candidates as segmenting in-process, and reports when a worker starts', async () => {
    const pool = createSegmenterPool({ workers: 1 });
    try {
      let started = 0;
      const fromPool = await pool.segment(input(0.5), { onStart: () => started++ });
      const cv = await loadOpenCv();
      const direct = await segmentDecodedImage(cv, await decodeToRgb(photoPath), input(0.5).prompt);
      expect(fromPool).toEqual(direct);
      expect(started).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('gives the same results on the big-image path (one job at a time, plan after plan)', async () => {
    const normal = createSegmenterPool({ workers: 2 });
    const bigOnly = createSegmenterPool({ workers: 2, bigImagePixels: 1 });
    try {
      const inputs = [input(0.3), input(0.5), input(0.7)];
      const expected = await Promise.all(inputs.map((each) => normal.segment(each)));
      let starts = 0;
      const results = await Promise.all(inputs.map((each) => bigOnly.segment(each, { onStart: () => starts++ })));
      expect(results).toEqual(expected);
      expect(starts).toBe(inputs.length);
    } finally {
      await Promise.all([normal.close(), bigOnly.close()]);
    }
  });

  it('rejects an undecodable image with a SegmentationError and keeps working', async () => {
    const pool = createSegmenterPool({ workers: 1 });
    try {
      const bogus = path.join(directory, 'bogus.png');
      await writeFile(bogus, 'not an image');
      await expect(pool.segment({ ...input(0.5), imageKey: 'bogus', imagePath: bogus })).rejects.toBeInstanceOf(SegmentationError);
      expect((await pool.segment(input(0.4))).length).toBeGreaterThan(0);
    } finally {
      await pool.close();
    }
  });

  it('rejects a job whose worker crashes with a WorkerCrashedError (not a job error), respawns, and keeps working', async () => {
    const pool = createSegmenterPool({ workers: 1, workerUrl: new URL('./crashing-worker.test-bootstrap.mjs', import.meta.url) });
    try {
      expect((await pool.segment(input(0.5))).length).toBeGreaterThan(0);
      const crashed = pool.segment({ ...input(0.5), imageKey: 'crash:chelsea' });
      await expect(crashed).rejects.toBeInstanceOf(WorkerCrashedError);
      await expect(crashed).rejects.not.toBeInstanceOf(SegmentationError);
      await expect(crashed).rejects.toThrow(/exited with code 1/);
      // Every crash happened after the worker was ready, so the pool respawns rather than declaring itself broken.
      for (let round = 0; round < 3; round++) expect((await pool.segment(input(0.4 + round * 0.05))).length).toBeGreaterThan(0);
      await expect(pool.segment({ ...input(0.5), imageKey: 'crash:again' })).rejects.toBeInstanceOf(WorkerCrashedError);
      expect(await pool.segment(input(0.5))).toEqual(await pool.segment(input(0.5)));
    } finally {
      await pool.close();
    }
  });

  it('rejects queued work on close, and new work after it', async () => {
    const pool = createSegmenterPool({ workers: 1 });
    const pending = expect(pool.segment(input(0.5))).rejects.toThrow(/closed/);
    await pool.close();
    await pending;
    await expect(pool.segment(input(0.5))).rejects.toThrow(/closed/);
  });

  it('keeps memory flat over 200 jobs', async () => {
    const pool = createSegmenterPool({ workers: 2 });
    try {
      const run = async (count: number) => {
        const jobs: Array<Promise<unknown>> = [];
        // Distinct prompts, so every job really runs GrabCut on its own seeds.
        for (let index = 0; index < count; index++) {
          jobs.push(pool.segment({ ...input(0.2 + (0.6 * index) / count), imageKey: 'tiny', imagePath: tinyPhotoPath }));
        }
        await Promise.all(jobs);
      };
      await run(40); // warm up: WASM heaps grow to their working size
      const warmRssBytes = process.memoryUsage().rss;
      await run(200);
      const growthBytes = process.memoryUsage().rss - warmRssBytes;
      // 600 GrabCut runs: leaking even one work-size Mat (96×64×3 B) per run would add ≥ 11 MB.
      console.info(`RSS growth over 200 jobs after warm-up: ${(growthBytes / 1024 / 1024).toFixed(1)} MiB`);
      expect(growthBytes).toBeLessThan(24 * 1024 * 1024);
    } finally {
      await pool.close();
    }
  });
});
