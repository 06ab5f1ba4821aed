/**
 * Quality benchmark: the standard click-simulation protocol (NoC@85/90 with ≤ 20 clicks, NoF, mIoU after 1 and 5
 * clicks) on deterministic composites of real photos with known masks (bench/quality/dataset.ts), plus how well the
 * candidates' scores track their IoU.
 *
 *   npm run bench:quality                 # through the segmenter directly
 *   npm run bench:quality -- --http       # through the emulator's HTTP API (POST job, poll every 100 ms), in-process
 *   options: --segmenter sam|grabcut (sam) --count N (24) --seed S (1) --workers N (cores) --max-clicks N (20)
 *            --json FILE
 *            --object-size MIN-MAX   object extent as fractions of the short side (0.25-0.65), e.g. 0.6-0.95
 *            --params JSON   GrabCut parameters over the defaults, e.g. '{"grabCut":{"iterations":3}}' (direct mode)
 *            --no-replay     SAM: decode all clicks at once instead of replaying them with the previous mask (direct)
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadOpenCv } from '../server/segmenter/opencv';
import { createSegmenterPool } from '../server/segmenter/pool';
import { createSamSegmenter } from '../server/segmenter/sam/samSegmenter';
import { SEGMENTER_NAMES, type Segmenter, type SegmenterName } from '../server/segmenter/types';
import type { SegmentOptionsOverride } from '../server/segmenter/segmentImage';
import { buildDataset, type QualityInstance } from './quality/dataset';
import { startHttpSegmenter } from './quality/http';
import { formatReport, summarize } from './quality/report';
import { runSession, type SegmentFunction, type SessionResult } from './quality/session';

const { values } = parseArgs({
  options: {
    http: { type: 'boolean', default: false },
    segmenter: { type: 'string', default: 'sam' },
    'no-replay': { type: 'boolean', default: false },
    count: { type: 'string', default: '24' },
    seed: { type: 'string', default: '1' },
    workers: { type: 'string', default: String(availableParallelism()) },
    'max-clicks': { type: 'string', default: '20' },
    json: { type: 'string' },
    params: { type: 'string' },
    'object-size': { type: 'string' },
  },
});

const count = Number(values.count);
const seed = Number(values.seed);
const workers = Number(values.workers);
const maxClicks = Number(values['max-clicks']);
if (!(SEGMENTER_NAMES as readonly string[]).includes(values.segmenter)) throw new Error(`--segmenter must be one of ${SEGMENTER_NAMES.join(', ')}`);
const segmenterName = values.segmenter as SegmenterName;
// SAM runs one worker (its model uses every core), so it gets one session in flight at a time.
const lanesInFlight = segmenterName === 'sam' ? 1 : workers;

function parseRange(text: string | undefined): { min: number; max: number } | undefined {
  if (text === undefined) return undefined;
  const match = /^([\d.]+)-([\d.]+)$/.exec(text);
  if (!match) throw new Error(`--object-size must look like 0.25-0.65, got ${text}`);
  return { min: Number(match[1]), max: Number(match[2]) };
}

async function main(): Promise<void> {
  const cv = await loadOpenCv();
  const startedMs = performance.now();
  const objectSize = parseRange(values['object-size']);
  const instances = await buildDataset({ count, seed, ...(objectSize ? { objectSize } : {}) });
  const directory = await mkdtemp(path.join(tmpdir(), 'cdf-quality-'));
  let segment: SegmentFunction;
  let stop: () => Promise<void>;
  if (values.http) {
    const http = await startHttpSegmenter({ workers, segmenter: segmenterName }, instances);
    segment = http.segment;
    stop = http.close;
  } else {
    const segmentOptions = values.params === undefined ? undefined : (JSON.parse(values.params) as SegmentOptionsOverride);
    const pool: Segmenter =
      segmenterName === 'sam'
        ? createSamSegmenter({ replay: !values['no-replay'] })
        : createSegmenterPool({ workers, ...(segmentOptions ? { segmentOptions } : {}) });
    const paths = new Map<string, string>();
    for (const instance of instances) {
      const file = path.join(directory, `${instance.name}.png`);
      await writeFile(file, instance.png);
      paths.set(instance.name, file);
    }
    segment = (instance, points) =>
      pool.segment({ imageKey: `${seed}:${instance.name}`, imagePath: paths.get(instance.name) as string, prompt: { points } });
    stop = () => pool.close();
  }
  try {
    const results: SessionResult[] = new Array<SessionResult>(instances.length);
    let next = 0;
    // As many sessions in flight as there are workers, so every worker is busy.
    const lanes = Array.from({ length: Math.max(1, lanesInFlight) }, async () => {
      for (let index = next++; index < instances.length; index = next++) {
        results[index] = await runSession(cv, instances[index] as QualityInstance, segment, { maxClicks });
      }
    });
    await Promise.all(lanes);
    const figures = summarize(results);
    const mode = values.http
      ? 'HTTP API (in-process emulator, polling every 100 ms)'
      : `segmenter (direct)${values.params === undefined ? '' : `, params ${values.params}`}${values['no-replay'] ? ', no replay' : ''}`;
    const setting = segmenterName === 'sam' ? 'SAM' : `GrabCut, ${workers} workers`;
    console.log(formatReport(figures, results, `Quality: ${instances.length} composites, seed ${seed}${objectSize ? `, object size ${values['object-size']}` : ''}, ${mode}, ${setting}`));
    console.log(`\nwall time ${((performance.now() - startedMs) / 1000).toFixed(1)} s`);
    if (values.json) await writeFile(values.json, JSON.stringify({ figures, results }, null, 2));
  } finally {
    await stop();
    await rm(directory, { recursive: true, force: true });
  }
}

await main();
