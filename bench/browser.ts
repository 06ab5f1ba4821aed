/**
 * `npm run bench`, browser part: the annotation loop's latency and frame figures, measured in Debian's Chromium
 * against the real emulator (in-process) and a production build served by `vite preview`. Prints p50/p95 per figure.
 *
 * Figures (names carry units; all times in ms):
 * - click → marker: pointer release (event timeStamp) → `annotator:prompts-rendered` (the frame after Konva drew the
 *   marker). Auto-segment off, so no job work interferes.
 * - polling lag: the emulator's `statusTime` of the Completed job → `annotator:job-finished` (wall clock on both
 *   sides; same machine). Target p50 ≤ 300.
 * - click → overlay: pointer release → `annotator:overlay-rendered` for that job, on coffee.png (600×400 px, ≤ 1 MP),
 *   with the real segmenter. Target p50 ≤ 1500.
 * - finished → rendered: `annotator:job-finished` → `annotator:overlay-rendered` with a 1000-vertex polygon. The job
 *   is real; its answer is replaced in flight (Playwright route) by a Completed result carrying one 1000-vertex
 *   polygon, since photo segments are simplified to far fewer vertices. Target p95 ≤ 16.
 * - zoom frame time: requestAnimationFrame deltas while wheel-zooming in and out with 20 000 overlay vertices on
 *   screen (20 polygons × 1000 vertices, injected the same way).
 * - save → annotation-saved, and the 500 × 200 saved-annotations image (open → drawn, zoom and pan frames, JS heap):
 *   see annotationsBench.ts.
 *
 * Env: BENCH_SAMPLES (default 15) samples per figure.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Page, type Route } from '@playwright/test';
import { build, preview } from 'vite';
import { startEmulator, type StartedEmulator } from '../server/testing/startEmulator';
import { jsHeapMb, openToDrawn, panFrameTimes, saveToSaved, seedBigImage, type BenchHelpers } from './annotationsBench';
import { frameTimesDuring } from './frameTimes';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 15);
const FILE_EXTERNAL_ID = 'sample:coffee';
const SEGMENT_PATH = '/api/v1/projects/demo/context/vision/segment';
const MARK_TIMEOUT_MS = 60_000;

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

function report(name: string, valuesMs: readonly number[], target?: string): void {
  const p50 = percentile(valuesMs, 50).toFixed(1);
  const p95 = percentile(valuesMs, 95).toFixed(1);
  console.log(`browser: ${name.padEnd(34)} p50 ${p50.padStart(7)} ms  p95 ${p95.padStart(7)} ms  (n=${valuesMs.length})${target ? `  target ${target}` : ''}`);
}

/** Installs a recorder of pointerup timestamps (ms on the page's performance clock). */
async function recordPointerUps(page: Page): Promise<void> {
  await page.evaluate(() => {
    const ups: number[] = [];
    (window as unknown as { __benchPointerUps: number[] }).__benchPointerUps = ups;
    window.addEventListener('pointerup', (event) => ups.push(event.timeStamp), { capture: true });
  });
}
const lastPointerUp = (page: Page) =>
  page.evaluate(() => (window as unknown as { __benchPointerUps: number[] }).__benchPointerUps.at(-1) ?? Number.NaN);

interface MarkEntry {
  startTime: number;
  detail: Record<string, unknown>;
}
const marks = (page: Page, name: string) =>
  page.evaluate(
    (markName) =>
      performance.getEntriesByName(markName).map((entry) => ({ startTime: entry.startTime, detail: (entry as PerformanceMark).detail as Record<string, unknown> })),
    name,
  );

async function waitForMark(page: Page, name: string, match: (detail: Record<string, unknown>) => boolean): Promise<MarkEntry> {
  const deadline = Date.now() + MARK_TIMEOUT_MS;
  for (;;) {
    const found = (await marks(page, name)).find((entry) => match(entry.detail));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`No ${name} mark within ${MARK_TIMEOUT_MS} ms`);
    await page.waitForTimeout(20);
  }
}

async function openApp(page: Page, emulatorUrl: string, appUrl: string): Promise<void> {
  await page.goto(`${appUrl}/?baseUrl=${encodeURIComponent(emulatorUrl)}&fileExternalId=${encodeURIComponent(FILE_EXTERNAL_ID)}`);
  const region = page.getByRole('application', { name: 'Image annotation canvas' });
  await region.waitFor();
  for (let i = 0; i < 100 && Number(await region.getAttribute('data-view-scale')) <= 0; i += 1) await page.waitForTimeout(50);
  await recordPointerUps(page);
}

async function clickNormalized(page: Page, x: number, y: number): Promise<void> {
  const at = await page.getByRole('application', { name: 'Image annotation canvas' }).evaluate(
    (element, point) => {
      const data = (element as HTMLElement).dataset;
      const rect = element.getBoundingClientRect();
      const scale = Number(data.viewScale);
      return {
        x: rect.left + Number(data.viewOffsetX) + point.x * Number(data.imageWidth) * scale,
        y: rect.top + Number(data.viewOffsetY) + point.y * Number(data.imageHeight) * scale,
      };
    },
    { x, y },
  );
  await page.mouse.click(at.x, at.y);
}

/** Clear prompts is disabled when there is nothing to clear. */
async function clearPrompts(page: Page): Promise<void> {
  const clear = page.getByRole('button', { name: 'Clear prompts' });
  if (await clear.isEnabled()) await clear.click();
}

/** The sample point for iteration `i`: distinct places on the cup, so every prompt set is new (no cached result). */
const samplePoint = (i: number) => ({ x: 0.38 + (i % 5) * 0.03, y: 0.38 + Math.floor(i / 5) * 0.03 });

async function clickToMarker(page: Page): Promise<number[]> {
  await page.getByRole('checkbox', { name: 'Auto-segment' }).uncheck();
  const deltas: number[] = [];
  for (let i = 0; i < SAMPLES; i += 1) {
    const before = (await marks(page, 'annotator:prompts-rendered')).length;
    const point = samplePoint(i);
    await clickNormalized(page, point.x, point.y);
    const up = await lastPointerUp(page);
    let rendered: MarkEntry | undefined;
    for (let tries = 0; tries < 200 && !rendered; tries += 1) {
      rendered = (await marks(page, 'annotator:prompts-rendered')).slice(before).find((entry) => entry.startTime >= up);
      if (!rendered) await page.waitForTimeout(10);
    }
    if (!rendered) throw new Error('The marker was never drawn');
    deltas.push(rendered.startTime - up);
  }
  await clearPrompts(page);
  await page.getByRole('checkbox', { name: 'Auto-segment' }).check();
  return deltas;
}

interface LoopFigures {
  pollingLagMs: number[];
  clickToOverlayMs: number[];
  finishedToRenderedMs: number[];
}

/** Click → job → polling → overlay, one fresh prompt set at a time. */
async function annotationLoop(page: Page, emulator: StartedEmulator): Promise<LoopFigures> {
  const figures: LoopFigures = { pollingLagMs: [], clickToOverlayMs: [], finishedToRenderedMs: [] };
  const timeOrigin = await page.evaluate(() => performance.timeOrigin);
  for (let i = 0; i < SAMPLES; i += 1) {
    await clearPrompts(page);
    const created = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === SEGMENT_PATH);
    const point = samplePoint(i);
    await clickNormalized(page, point.x, point.y);
    const up = await lastPointerUp(page);
    const { jobId } = (await (await created).json()) as { jobId: number };
    const rendered = await waitForMark(page, 'annotator:overlay-rendered', (d) => d.jobId === jobId);
    const finished = await waitForMark(page, 'annotator:job-finished', (d) => d.jobId === jobId);
    const job = (await (await emulator.request('GET', `/context/vision/segment/${jobId}`, { headers: { 'cdf-version': 'beta' } })).json()) as {
      statusTime: number;
      status: string;
    };
    if (job.status !== 'Completed') throw new Error(`Job ${jobId} ended ${job.status}`);
    figures.pollingLagMs.push(timeOrigin + finished.startTime - job.statusTime);
    figures.clickToOverlayMs.push(rendered.startTime - up);
    figures.finishedToRenderedMs.push(rendered.startTime - finished.startTime);
  }
  return figures;
}

/** A closed ring of `vertexCount` vertices around (cx, cy), wavy so no two edges are collinear. */
function ring(cx: number, cy: number, radius: number, vertexCount: number) {
  return Array.from({ length: vertexCount }, (_, i) => {
    const angle = (2 * Math.PI * i) / vertexCount;
    const r = radius * (1 + 0.08 * Math.sin(angle * 37));
    return { x: cx + r * Math.cos(angle), y: cy + r * Math.sin(angle), confidence: null };
  });
}

/** Replaces Completed job answers with `polygonCount` polygons of 1000 vertices each. */
async function injectLargeResults(page: Page, polygonCount: number): Promise<void> {
  await page.unroute(`**${SEGMENT_PATH}/*`);
  await page.route(`**${SEGMENT_PATH}/*`, async (route: Route) => {
    const response = await route.fetch();
    const job = (await response.json()) as { status: string; items: Array<{ segments: unknown[] }> };
    if (job.status === 'Completed' && job.items[0]) {
      const polygons = Array.from({ length: polygonCount }, (_, i) => {
        const column = i % 5;
        const row = Math.floor(i / 5);
        return { vertices: ring(0.1 + column * 0.2, 0.12 + row * 0.2, 0.08, 1000), confidence: null };
      });
      job.items[0].segments = [{ score: 0.97, polygons }];
    }
    await route.fulfill({ response, json: job });
  });
}

async function largeResultRender(page: Page): Promise<number[]> {
  await injectLargeResults(page, 1);
  const deltas: number[] = [];
  for (let i = 0; i < SAMPLES; i += 1) {
    await clearPrompts(page);
    const created = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === SEGMENT_PATH);
    const point = samplePoint(i);
    await clickNormalized(page, point.x + 0.005, point.y + 0.005);
    const { jobId } = (await (await created).json()) as { jobId: number };
    const rendered = await waitForMark(page, 'annotator:overlay-rendered', (d) => d.jobId === jobId);
    const finished = await waitForMark(page, 'annotator:job-finished', (d) => d.jobId === jobId);
    deltas.push(rendered.startTime - finished.startTime);
  }
  return deltas;
}

/** Shows a 20-polygon × 1000-vertex result (20 000 vertices) for the zoom figures. */
async function showLargeResult(page: Page): Promise<void> {
  await injectLargeResults(page, 20);
  await clearPrompts(page);
  const created = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === SEGMENT_PATH);
  await clickNormalized(page, 0.52, 0.47);
  const { jobId } = (await (await created).json()) as { jobId: number };
  await waitForMark(page, 'annotator:overlay-rendered', (d) => d.jobId === jobId);
}

/** requestAnimationFrame deltas while the wheel zooms in and out over the canvas centre. */
async function zoomFrameTimes(page: Page): Promise<number[]> {
  const region = page.getByRole('application', { name: 'Image annotation canvas' });
  const box = await region.boundingBox();
  if (!box) throw new Error('No canvas');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const WHEEL_STEPS = 60;
  return frameTimesDuring(page, async () => {
    for (let i = 0; i < WHEEL_STEPS; i += 1) {
      await page.mouse.wheel(0, i < WHEEL_STEPS / 2 ? -60 : 60);
      await page.waitForTimeout(16);
    }
  });
}

async function main(): Promise<void> {
  const emulator = await startEmulator();
  const outDir = await mkdtemp(path.join(tmpdir(), 'annotator-bench-dist-'));
  const root = path.resolve(import.meta.dirname, '..');
  await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false } });
  const appUrl = (server.resolvedUrls?.local[0] ?? '').replace(/\/$/, '');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--disable-gpu', '--disable-quic'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await openApp(page, emulator.baseUrl, appUrl);
    console.log(`browser: ${SAMPLES} samples per figure; Chromium ${browser.version()}; emulator ${emulator.baseUrl}; app ${appUrl}`);
    report('click → marker drawn', await clickToMarker(page), '≤ 16.7 (same frame)');
    const loop = await annotationLoop(page, emulator);
    report('polling lag (statusTime → finished)', loop.pollingLagMs, 'p50 ≤ 300');
    report('click → overlay (coffee.png)', loop.clickToOverlayMs, 'p50 ≤ 1500');
    report('finished → rendered (photo result)', loop.finishedToRenderedMs);
    const helpers: BenchHelpers = { clickNormalized, waitForMark, lastPointerUp, clearPrompts };
    report('save → annotation-saved', await saveToSaved(page, helpers, SAMPLES));
    // The overlay figures below measure the candidate overlay alone, without the annotations just saved.
    const showSaved = page.getByRole('checkbox', { name: 'Show saved annotations on the image' });
    await showSaved.uncheck();
    report('finished → rendered (1000 vertices)', await largeResultRender(page), 'p95 ≤ 16');
    await showLargeResult(page);
    report('zoom frame time (20 000 vertices)', await zoomFrameTimes(page), '≤ 16.7');
    // The same gesture with the overlay hidden (H): what the machine gives without our polygons, for comparison.
    await page.getByRole('button', { name: 'Hide overlay' }).click();
    report('zoom frame time (overlay hidden)', await zoomFrameTimes(page));
    // 500 saved annotations × 200 vertices on one image.
    const big = await seedBigImage(emulator, FILE_EXTERNAL_ID);
    await showSaved.check();
    report('open → 500×200 annotations drawn', [await openToDrawn(page, helpers, big)], '≤ 500');
    report('zoom frame time (500×200 saved)', await zoomFrameTimes(page), 'p95 ≤ 33');
    report('pan frame time (500×200 saved)', await panFrameTimes(page), 'p95 ≤ 33');
    console.log(`browser: JS heap with 500×200 saved annotations drawn: ${(await jsHeapMb(page)).toFixed(1)} MB`);
  } finally {
    await browser.close();
    await new Promise<void>((resolve, reject) => server.httpServer.close((error) => (error ? reject(error) : resolve())));
    await emulator.close();
    await rm(outDir, { recursive: true, force: true });
  }
}

await main();
