/**
 * Labelling figures for `npm run bench` (browser part):
 * - save → saved: the `Save annotation` click (pointer release) → `annotator:annotation-saved` for that save, against
 *   the in-process emulator (one create call, two polygons at most).
 * - 500 × 200 image: 500 saved annotations of 200 vertices each (100 000 vertices) created through the API on one
 *   image; open (the click in the image list) → `annotator:saved-annotations-drawn` with all 500; then the zoom and
 *   pan frame times (requestAnimationFrame deltas) and the JS heap after drawing.
 */
import type { Page } from '@playwright/test';
import type { StartedEmulator } from '../server/testing/startEmulator';
import { frameTimesDuring } from './frameTimes';

export interface BenchHelpers {
  clickNormalized(page: Page, x: number, y: number): Promise<void>;
  waitForMark(page: Page, name: string, match: (detail: Record<string, unknown>) => boolean): Promise<{ startTime: number; detail: Record<string, unknown> }>;
  lastPointerUp(page: Page): Promise<number>;
  clearPrompts(page: Page): Promise<void>;
}

const SAVED_MARK = 'annotator:annotation-saved';
const DRAWN_MARK = 'annotator:saved-annotations-drawn';
const BIG_ANNOTATION_COUNT = 500;
const BIG_VERTEX_COUNT = 200;

/** Click → `annotator:annotation-saved`, `samples` times on the open image (coffee.png). */
export async function saveToSaved(page: Page, helpers: BenchHelpers, samples: number): Promise<number[]> {
  const save = page.getByRole('button', { name: 'Save annotation' });
  const deltas: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    await helpers.clearPrompts(page);
    await helpers.clickNormalized(page, 0.4 + (i % 5) * 0.02, 0.4 + Math.floor(i / 5) * 0.02);
    // Wait until the result is saveable.
    for (let tries = 0; (await save.getAttribute('aria-disabled')) === 'true'; tries += 1) {
      if (tries > 3000) throw new Error('Save annotation never became enabled');
      await page.waitForTimeout(20);
    }
    const before = (await page.evaluate((name) => performance.getEntriesByName(name).length, SAVED_MARK));
    await save.click();
    const clickedAt = await helpers.lastPointerUp(page);
    let count = before;
    let savedAt = 0;
    for (let tries = 0; count === before; tries += 1) {
      if (tries > 3000) throw new Error('No annotator:annotation-saved mark');
      await page.waitForTimeout(5);
      const entries = await page.evaluate((name) => performance.getEntriesByName(name).map((entry) => entry.startTime), SAVED_MARK);
      count = entries.length;
      savedAt = entries.at(-1) ?? 0;
    }
    deltas.push(savedAt - clickedAt);
  }
  return deltas;
}

/** A wobbly ring of `vertexCount` vertices around (cx, cy), normalized. */
function ring(cx: number, cy: number, radius: number, vertexCount: number) {
  return Array.from({ length: vertexCount }, (_, i) => {
    const angle = (2 * Math.PI * i) / vertexCount;
    const r = radius * (1 + 0.15 * Math.sin(7 * angle));
    return { x: Math.min(1, Math.max(0, cx + r * Math.cos(angle))), y: Math.min(1, Math.max(0, cy + r * Math.sin(angle))) };
  });
}

/** Creates 500 × 200-vertex annotations on a second sample image; returns its file name. */
export async function seedBigImage(emulator: StartedEmulator, avoidExternalId: string): Promise<{ fileId: number; name: string }> {
  const listed = (await (await emulator.request('POST', '/files/list', { body: { filter: { mimeType: 'image/jpeg' }, limit: 100 } })).json()) as {
    items: Array<{ id: number; name: string; externalId?: string }>;
  };
  const file = listed.items.find((item) => item.externalId !== avoidExternalId);
  if (file === undefined) throw new Error('No second sample image for the 500 × 200 figure');
  const grid = Math.ceil(Math.sqrt(BIG_ANNOTATION_COUNT));
  const items = Array.from({ length: BIG_ANNOTATION_COUNT }, (_, i) => ({
    annotatedResourceType: 'file',
    annotatedResourceId: file.id,
    annotationType: 'images.ObjectDetection',
    creatingApp: 'bench',
    creatingAppVersion: '1',
    creatingUser: null,
    status: 'approved',
    data: { label: `object ${i}`, polygon: { vertices: ring(((i % grid) + 0.5) / grid, (Math.floor(i / grid) + 0.5) / grid, 0.4 / grid, BIG_VERTEX_COUNT) } },
  }));
  for (let start = 0; start < items.length; start += 100) {
    const response = await emulator.request('POST', '/annotations', { body: { items: items.slice(start, start + 100) } });
    if (!response.ok) throw new Error(`seeding annotations failed: ${response.status} ${await response.text()}`);
  }
  return { fileId: file.id, name: file.name };
}

/** Click on the image in the list → all 500 annotations drawn. */
export async function openToDrawn(page: Page, helpers: BenchHelpers, image: { fileId: number; name: string }): Promise<number> {
  await page.getByRole('list', { name: 'Images' }).getByRole('button', { name: image.name }).click();
  const clickedAt = await helpers.lastPointerUp(page);
  const drawn = await helpers.waitForMark(page, DRAWN_MARK, (detail) => detail.fileId === image.fileId && detail.count === BIG_ANNOTATION_COUNT);
  return drawn.startTime - clickedAt;
}

/** requestAnimationFrame deltas while dragging (middle button) across the canvas: the pan figure. */
export async function panFrameTimes(page: Page): Promise<number[]> {
  const box = await page.getByRole('application', { name: 'Image annotation canvas' }).boundingBox();
  if (!box) throw new Error('No canvas');
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  return frameTimesDuring(page, async () => {
    await page.mouse.down({ button: 'middle' });
    for (let i = 0; i < 60; i += 1) {
      await page.mouse.move(cx + 150 * Math.sin(i / 6), cy + 100 * Math.cos(i / 6));
      await page.waitForTimeout(16);
    }
    await page.mouse.up({ button: 'middle' });
  });
}

/** Chromium's used JS heap, MB (performance.memory; after a GC is not forced, so an upper figure). */
export async function jsHeapMb(page: Page): Promise<number> {
  const bytes = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? NaN);
  return bytes / 1e6;
}
