/**
 * Server benchmark: segment-job latency as the app sees it (POST → Completed observed by polling on the app's own
 * schedule, `src/features/segmentation/pollInterval.ts`), for a
 * ≤ 1 MP photo and a 24 MP image (the first job on each is cold: decode, and for SAM the encoder), throughput with 8
 * concurrent clients, and the process RSS after jobs spread over many images. Starts its own emulator in-process
 * with the chosen segmenter (GrabCut: EMULATOR_WORKERS, else one worker per core); a warm-up job on a sample photo
 * starts the workers first, so no figure includes worker start-up.
 *
 *   npx tsx bench/server.ts [--segmenter sam|grabcut (EMULATOR_SEGMENTER, else sam)] [--jobs N (12)]
 *                           [--throughput-jobs N (40)] [--rss-images N (20)] [--rss-jobs N (200)] [--json FILE]
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { DEFAULT_CONFIG } from '../server/config';
import { SEGMENTER_NAMES, type SegmenterName } from '../server/segmenter/types';
import { startEmulator, type StartedEmulator } from '../server/testing/startEmulator';
import { pollIntervalMs } from '../src/features/segmentation/pollInterval';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '12' },
    'throughput-jobs': { type: 'string', default: '40' },
    'rss-images': { type: 'string', default: '20' },
    'rss-jobs': { type: 'string', default: '200' },
    segmenter: { type: 'string', default: process.env.EMULATOR_SEGMENTER ?? DEFAULT_CONFIG.segmenter },
    json: { type: 'string' },
  },
});
const LATENCY_JOBS = Number(values.jobs);
const THROUGHPUT_JOBS = Number(values['throughput-jobs']);
const RSS_IMAGES = Number(values['rss-images']);
const RSS_JOBS = Number(values['rss-jobs']);
const CONCURRENT_CLIENTS = 8;
const segmenter = values.segmenter;
if (!(SEGMENTER_NAMES as readonly string[]).includes(segmenter)) throw new Error(`--segmenter must be one of ${SEGMENTER_NAMES.join(', ')}`);
const BETA = { 'cdf-version': 'beta' };
const SAMPLE_PHOTO = path.resolve(import.meta.dirname, '../server/fixtures/photos/coffee.png');

const workers = process.env.EMULATOR_WORKERS === undefined ? DEFAULT_CONFIG.workers : Number(process.env.EMULATOR_WORKERS);

async function upload(emulator: StartedEmulator, name: string, bytes: Buffer): Promise<number> {
  const created = await emulator.request('POST', '/files', { body: { name, mimeType: 'image/jpeg', externalId: `bench:${name}` } });
  if (created.status !== 201) throw new Error(`POST /files answered ${created.status}`);
  const { id, uploadUrl } = (await created.json()) as { id: number; uploadUrl: string };
  const put = await fetch(uploadUrl, { method: 'PUT', headers: { 'content-type': 'image/jpeg' }, body: new Uint8Array(bytes) });
  if (!put.ok) throw new Error(`upload PUT answered ${put.status}`);
  return id;
}

/** One job, timed from just before the POST until a poll first sees it Completed. */
async function timedJob(emulator: StartedEmulator, fileId: number, point: { x: number; y: number }): Promise<number> {
  const startedMs = performance.now();
  const created = await emulator.request('POST', '/context/vision/segment', {
    body: { items: [{ fileId }], points: [{ ...point, label: 1 }] },
    headers: BETA,
  });
  if (created.status !== 200) throw new Error(`POST segment answered ${created.status}: ${await created.text()}`);
  const { jobId } = (await created.json()) as { jobId: number };
  for (let pollsDone = 0; ; pollsDone += 1) {
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs(pollsDone)));
    const polled = await emulator.request('GET', `/context/vision/segment/${jobId}`, { headers: BETA });
    const { status, errorMessage } = (await polled.json()) as { status: string; errorMessage?: string | null };
    if (status === 'Completed') return performance.now() - startedMs;
    if (status === 'Failed') throw new Error(`Job ${jobId} failed: ${errorMessage ?? ''}`);
  }
}

/** Clicks spread over the photo's centre area, different for every job (no result can be reused). */
const pointFor = (index: number) => ({ x: 0.35 + 0.3 * ((index * 0.618) % 1), y: 0.35 + 0.3 * ((index * 0.382) % 1) });

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] as number;
}

async function latency(emulator: StartedEmulator, fileId: number) {
  const firstMs = await timedJob(emulator, fileId, pointFor(0)); // cold: decode + cache fill (and worker start-up)
  const samples: number[] = [];
  for (let index = 1; index <= LATENCY_JOBS; index++) samples.push(await timedJob(emulator, fileId, pointFor(index)));
  return { firstMs, p50Ms: percentile(samples, 0.5), p95Ms: percentile(samples, 0.95), jobs: samples.length };
}

/** Distinct ~1 MP images (crops of the sample photo at different places and scales), each needing its own decode. */
async function variedImages(count: number): Promise<Buffer[]> {
  const images: Buffer[] = [];
  for (let index = 0; index < count; index++) {
    const size = 250 + ((index * 37) % 150);
    const left = (index * 53) % (400 - size + 1);
    const top = (index * 29) % (400 - Math.min(size, 390) + 1);
    const crop = sharp(SAMPLE_PHOTO).extract({ left, top, width: size, height: Math.min(size, 390) }).resize(1200, 800, { fit: 'fill' });
    images.push(await crop.jpeg({ quality: 85 }).toBuffer());
  }
  return images;
}

async function main(): Promise<void> {
  const emulator = await startEmulator({ workers, segmenter: segmenter as SegmenterName });
  try {
    const coffeeSampleId = emulator.context.files.resolve({ externalId: 'sample:coffee' })?.id;
    if (coffeeSampleId === undefined) throw new Error('the coffee sample is not seeded');
    await timedJob(emulator, coffeeSampleId, pointFor(0)); // starts the workers (and loads the model)
    const onePixels = await sharp(SAMPLE_PHOTO).resize(1224, 816).jpeg({ quality: 90 }).toBuffer();
    const twentyFour = await sharp(SAMPLE_PHOTO).resize(6000, 4000).jpeg({ quality: 90 }).toBuffer();
    const oneMpId = await upload(emulator, 'coffee-1mp.jpg', onePixels);
    const twentyFourMpId = await upload(emulator, 'coffee-24mp.jpg', twentyFour);

    const small = await latency(emulator, oneMpId);
    const large = await latency(emulator, twentyFourMpId);
    // Worker threads live in this process, so its RSS includes their WebAssembly heaps and decoded-image caches.
    const rssAfter24MpMiB = process.memoryUsage().rss / 1024 / 1024;

    let next = 0;
    const throughputStartedMs = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENT_CLIENTS }, async () => {
        for (let index = next++; index < THROUGHPUT_JOBS; index = next++) await timedJob(emulator, oneMpId, pointFor(100 + index));
      }),
    );
    const throughputSeconds = (performance.now() - throughputStartedMs) / 1000;

    const spread = await variedImages(RSS_IMAGES);
    const spreadIds: number[] = [];
    for (const [index, bytes] of spread.entries()) spreadIds.push(await upload(emulator, `spread-${index}.jpg`, bytes));
    next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENT_CLIENTS }, async () => {
        for (let index = next++; index < RSS_JOBS; index = next++) await timedJob(emulator, spreadIds[index % spreadIds.length] as number, pointFor(index));
      }),
    );
    const rssAfterSpreadMiB = process.memoryUsage().rss / 1024 / 1024;
    const figures = {
      segmenter,
      workers,
      pollSchedule: 'app (50 ms, ×1.15, ≤ 1 s)',
      latency1Mp: small,
      latency24Mp: large,
      rssAfter24MpMiB,
      rssAfterSpread: { images: RSS_IMAGES, jobs: RSS_JOBS, rssMiB: rssAfterSpreadMiB },
      throughput: { clients: CONCURRENT_CLIENTS, jobs: THROUGHPUT_JOBS, seconds: throughputSeconds, jobsPerSecond: THROUGHPUT_JOBS / throughputSeconds },
    };
    const row = (name: string, figure: typeof small) =>
      `| ${name} | ${figure.jobs} | ${figure.firstMs.toFixed(0)} | ${figure.p50Ms.toFixed(0)} | ${figure.p95Ms.toFixed(0)} |`;
    const setting = segmenter === 'grabcut' ? `GrabCut, ${workers} workers` : 'SAM, one worker';
    console.log(`# Segment job latency (POST → Completed seen by polling on the app's schedule), ${setting}\n`);
    console.log('| image | jobs | first job (cold) ms | p50 ms | p95 ms |');
    console.log('| --- | --- | --- | --- | --- |');
    console.log(row('1224×816 JPEG (1.0 MP)', small));
    console.log(row('6000×4000 JPEG (24 MP)', large));
    console.log(`\nProcess RSS after the 24 MP jobs (emulator + all workers): ${rssAfter24MpMiB.toFixed(0)} MiB`);
    console.log(`Process RSS after ${RSS_JOBS} jobs over ${RSS_IMAGES} distinct 1200×800 images: ${rssAfterSpreadMiB.toFixed(0)} MiB`);
    console.log(`Throughput: ${figures.throughput.jobsPerSecond.toFixed(2)} jobs/s (${THROUGHPUT_JOBS} jobs on the 1 MP image, ${CONCURRENT_CLIENTS} concurrent clients, ${throughputSeconds.toFixed(1)} s)`);
    if (values.json) await writeFile(values.json, JSON.stringify(figures, null, 2));
  } finally {
    await emulator.close();
  }
}

await main();
