/**
 * Playwright fixtures shared by every spec: `annotator` (a page object for the app) and `emulator` (the emulator's
 * test controls and a few CDF look-ups, with the bearer token). Faults are cleared before and after each test.
 *
 *   import { test, expect } from './fixtures';
 *   test('…', async ({ annotator, emulator }) => {
 *     await annotator.open({ fileExternalId: 'sample:coffee' });
 *     await annotator.clickAtNormalized(0.5, 0.5);                  // positive point at the image centre
 *     await annotator.clickAtNormalized(0.2, 0.2, { modifiers: ['Shift'] });  // negative point
 *     await annotator.dragNormalized({ x: 0.1, y: 0.1 }, { x: 0.6, y: 0.7 });    // box
 *   });
 *
 * Image coordinates are turned into page coordinates with the view transform the canvas region publishes as data
 * attributes (`data-view-scale`, `data-view-offset-x/-y`, `data-image-width/-height`; see canvas/AnnotationStage.tsx).
 */
import { test as base, expect, type APIRequestContext, type FrameLocator, type Locator, type Page } from '@playwright/test';

export const EMULATOR_PORT = Number(process.env.E2E_EMULATOR_PORT ?? 4011);
export const EMULATOR_URL = `http://127.0.0.1:${EMULATOR_PORT}`;
export const EMULATOR_TOKEN = process.env.EMULATOR_TOKEN ?? 'dev-token';
export const PROJECT = process.env.EMULATOR_PROJECT ?? 'demo';
export const CANVAS_NAME = 'Image annotation canvas';

export interface NormalizedXY {
  readonly x: number;
  readonly y: number;
}

/** The canvas's view: image → stage mapping and the image size in px. */
export interface CanvasView {
  readonly scale: number;
  readonly offsetXPx: number;
  readonly offsetYPx: number;
  readonly imageWidthPx: number;
  readonly imageHeightPx: number;
}

export interface RgbPixel {
  readonly r: number;
  readonly g: number;
  readonly b: number;
  readonly a: number;
}

type Modifier = 'Shift' | 'Control' | 'Alt' | 'Meta';
interface PointerOptions {
  button?: 'left' | 'right' | 'middle';
  modifiers?: Modifier[];
}

export class AnnotatorPage {
  /** `root`: where the app is, the page itself or the iframe of a host page (mouse coordinates stay the page's). */
  constructor(
    readonly page: Page,
    readonly root: Page | FrameLocator = page,
  ) {}

  /** The canvas region (`role="application"`). */
  get canvas(): Locator {
    return this.root.getByRole('application', { name: CANVAS_NAME });
  }

  get fileList(): Locator {
    return this.root.getByRole('list', { name: 'Images' });
  }

  get alert(): Locator {
    return this.root.getByRole('alert');
  }

  /** The button in the image list for a file, by its name (e.g. `coffee.png`). */
  fileButton(fileName: string): Locator {
    return this.fileList.getByRole('button', { name: fileName });
  }

  /**
   * Opens the app against the test emulator and its project (EMULATOR_PROJECT, when not the default `demo`); extra
   * query parameters (fileId, fileExternalId, project…) on top. The app gets the emulator's token at build time
   * (VITE_EMULATOR_TOKEN, see playwright.config.ts), never through the URL.
   */
  async open(params: Record<string, string> = {}): Promise<void> {
    const query = new URLSearchParams({ baseUrl: EMULATOR_URL, ...(PROJECT === 'demo' ? {} : { project: PROJECT }), ...params });
    await this.page.goto(`/?${query.toString()}`);
  }

  /** Opens the app and waits until an image is on the canvas. */
  async openImage(params: Record<string, string> = {}): Promise<CanvasView> {
    await this.open(params);
    return this.waitForImage();
  }

  /** Waits for the canvas to show an image (its view attributes are set) and returns the view. */
  async waitForImage(): Promise<CanvasView> {
    await expect(this.canvas).toBeVisible();
    await expect(this.canvas).toHaveAttribute('data-view-scale', /\d/);
    await expect(this.canvas.locator('canvas').first()).toBeVisible();
    return this.view();
  }

  async view(): Promise<CanvasView> {
    const attributes = await this.canvas.evaluate((element) => ({
      scale: element.getAttribute('data-view-scale'),
      offsetXPx: element.getAttribute('data-view-offset-x'),
      offsetYPx: element.getAttribute('data-view-offset-y'),
      imageWidthPx: element.getAttribute('data-image-width'),
      imageHeightPx: element.getAttribute('data-image-height'),
    }));
    const toNumber = (value: string | null, name: string) => {
      const parsed = Number(value);
      if (value === null || !Number.isFinite(parsed)) throw new Error(`canvas attribute ${name} is ${value}`);
      return parsed;
    };
    return {
      scale: toNumber(attributes.scale, 'data-view-scale'),
      offsetXPx: toNumber(attributes.offsetXPx, 'data-view-offset-x'),
      offsetYPx: toNumber(attributes.offsetYPx, 'data-view-offset-y'),
      imageWidthPx: toNumber(attributes.imageWidthPx, 'data-image-width'),
      imageHeightPx: toNumber(attributes.imageHeightPx, 'data-image-height'),
    };
  }

  /** Normalized image coordinates → page (viewport) coordinates for mouse events. */
  async pagePointFor(point: NormalizedXY): Promise<{ x: number; y: number }> {
    const box = await this.canvas.boundingBox();
    if (box === null) throw new Error('the canvas region is not visible');
    const view = await this.view();
    return {
      x: box.x + view.offsetXPx + point.x * view.imageWidthPx * view.scale,
      y: box.y + view.offsetYPx + point.y * view.imageHeightPx * view.scale,
    };
  }

  /** Page coordinates → normalized image coordinates (the inverse of pagePointFor). */
  async normalizedAt(pageX: number, pageY: number): Promise<NormalizedXY> {
    const box = await this.canvas.boundingBox();
    if (box === null) throw new Error('the canvas region is not visible');
    const view = await this.view();
    return {
      x: (pageX - box.x - view.offsetXPx) / view.scale / view.imageWidthPx,
      y: (pageY - box.y - view.offsetYPx) / view.scale / view.imageHeightPx,
    };
  }

  /** Clicks at normalized image coordinates (left = positive; Shift or right button = negative). */
  async clickAtNormalized(x: number, y: number, options: PointerOptions = {}): Promise<void> {
    const at = await this.pagePointFor({ x, y });
    await this.page.mouse.click(at.x, at.y, { button: options.button ?? 'left', ...(options.modifiers ? { modifiers: options.modifiers } : {}) });
  }

  /** Drags between two normalized points in several steps (a box with the left button). */
  async dragNormalized(from: NormalizedXY, to: NormalizedXY, options: PointerOptions & { steps?: number } = {}): Promise<void> {
    const start = await this.pagePointFor(from);
    const end = await this.pagePointFor(to);
    await this.dragPage(start, end, options);
  }

  /** Drags between two page points; with `holdSpace` the Space key is held (pan). */
  async dragPage(start: { x: number; y: number }, end: { x: number; y: number }, options: PointerOptions & { steps?: number; holdSpace?: boolean } = {}): Promise<void> {
    const button = options.button ?? 'left';
    await this.page.mouse.move(start.x, start.y);
    if (options.holdSpace) await this.page.keyboard.down('Space');
    for (const modifier of options.modifiers ?? []) await this.page.keyboard.down(modifier);
    await this.page.mouse.down({ button });
    await this.page.mouse.move(end.x, end.y, { steps: options.steps ?? 8 });
    await this.page.mouse.up({ button });
    for (const modifier of options.modifiers ?? []) await this.page.keyboard.up(modifier);
    if (options.holdSpace) await this.page.keyboard.up('Space');
  }

  /** Turns the wheel over a normalized image point (negative deltaY zooms in). */
  async wheelAtNormalized(point: NormalizedXY, deltaY: number): Promise<{ x: number; y: number }> {
    const at = await this.pagePointFor(point);
    await this.page.mouse.move(at.x, at.y);
    await this.page.mouse.wheel(0, deltaY);
    return at;
  }

  /**
   * The colour the canvas shows at a normalized image point, read from the image layer's backing store (Konva's first
   * canvas in the region), in device pixels.
   */
  async canvasPixelAt(point: NormalizedXY, layerIndex = 0): Promise<RgbPixel> {
    const view = await this.view();
    const stageX = view.offsetXPx + point.x * view.imageWidthPx * view.scale;
    const stageY = view.offsetYPx + point.y * view.imageHeightPx * view.scale;
    return this.canvas.evaluate(
      (region, { stageX, stageY, layerIndex }) => {
        const canvas = region.querySelectorAll('canvas')[layerIndex];
        if (!(canvas instanceof HTMLCanvasElement)) throw new Error(`no canvas #${layerIndex} in the region`);
        const ratio = canvas.width / canvas.getBoundingClientRect().width;
        const context = canvas.getContext('2d');
        if (context === null) throw new Error('no 2d context');
        const [r = 0, g = 0, b = 0, a = 0] = context.getImageData(Math.floor(stageX * ratio), Math.floor(stageY * ratio), 1, 1).data;
        return { r, g, b, a };
      },
      { stageX, stageY, layerIndex },
    );
  }

  /**
   * The colours of the original photo at normalized points, decoded in the page from its download link: the reference
   * that canvas pixels are compared with.
   */
  async photoPixelsAt(downloadUrl: string, points: readonly NormalizedXY[]): Promise<RgbPixel[]> {
    return this.page.evaluate(
      async ({ downloadUrl, points }) => {
        const blob = await (await fetch(downloadUrl)).blob();
        const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context = canvas.getContext('2d');
        if (context === null) throw new Error('no 2d context');
        context.drawImage(bitmap, 0, 0);
        return points.map((point) => {
          const x = Math.min(bitmap.width - 1, Math.floor(point.x * bitmap.width));
          const y = Math.min(bitmap.height - 1, Math.floor(point.y * bitmap.height));
          const [r = 0, g = 0, b = 0, a = 0] = context.getImageData(x, y, 1, 1).data;
          return { r, g, b, a };
        });
      },
      { downloadUrl, points },
    );
  }

  /**
   * Mean absolute RGB difference between the canvas and the original photo on a 3×3 grid of the image: near 0 when
   * the canvas shows that photo, large for any other image. Every grid pixel must be opaque (the image covers it).
   */
  async meanPixelErrorAgainst(downloadUrl: string): Promise<number> {
    const expected = await this.photoPixelsAt(downloadUrl, PIXEL_CHECK_GRID);
    let total = 0;
    for (const [index, point] of PIXEL_CHECK_GRID.entries()) {
      const shown = await this.canvasPixelAt(point);
      const reference = expected[index];
      if (reference === undefined) throw new Error('missing reference pixel');
      expect(shown.a).toBe(255);
      total += (Math.abs(shown.r - reference.r) + Math.abs(shown.g - reference.g) + Math.abs(shown.b - reference.b)) / 3;
    }
    return total / PIXEL_CHECK_GRID.length;
  }
}

const PIXEL_CHECK_GRID: readonly NormalizedXY[] = [0.2, 0.5, 0.8].flatMap((y) => [0.2, 0.5, 0.8].map((x) => ({ x, y })));

/** The emulator's test controls and a few CDF look-ups, authenticated with the emulator's token. */
export class EmulatorControl {
  readonly baseUrl = EMULATOR_URL;
  readonly project = PROJECT;

  constructor(private readonly request: APIRequestContext) {}

  private get headers() {
    return { Authorization: `Bearer ${EMULATOR_TOKEN}`, 'Content-Type': 'application/json' };
  }

  /** Replaces the active faults (see ARCHITECTURE.md); `[]` clears them. */
  async setFaults(faults: readonly unknown[]): Promise<void> {
    const response = await this.request.post(`${EMULATOR_URL}/_emulator/faults`, { headers: this.headers, data: { faults } });
    if (!response.ok()) throw new Error(`setting faults failed: ${response.status()} ${await response.text()}`);
  }

  /** Clears every fault. */
  async reset(): Promise<void> {
    const response = await this.request.post(`${EMULATOR_URL}/_emulator/reset`, { headers: this.headers });
    if (!response.ok()) throw new Error(`reset failed: ${response.status()} ${await response.text()}`);
  }

  /** POST to a CDF path below the project, returning parsed JSON. */
  async cdfPost<T>(path: string, body: unknown): Promise<T> {
    const response = await this.request.post(`${EMULATOR_URL}/api/v1/projects/${PROJECT}/${path}`, { headers: this.headers, data: body });
    if (!response.ok()) throw new Error(`POST ${path} failed: ${response.status()} ${await response.text()}`);
    return (await response.json()) as T;
  }

  async fileByExternalId(externalId: string): Promise<{ id: number; name: string; mimeType?: string }> {
    const { items } = await this.cdfPost<{ items: Array<{ id: number; name: string; mimeType?: string }> }>('files/byids', { items: [{ externalId }] });
    const file = items[0];
    if (file === undefined) throw new Error(`no file ${externalId}`);
    return file;
  }

  async downloadUrl(fileId: number): Promise<string> {
    const { items } = await this.cdfPost<{ items: Array<{ downloadUrl: string }> }>('files/downloadlink', { items: [{ id: fileId }] });
    const link = items[0];
    if (link === undefined) throw new Error(`no download link for ${fileId}`);
    return link.downloadUrl;
  }
}

export const test = base.extend<{ annotator: AnnotatorPage; emulator: EmulatorControl }>({
  emulator: async ({ request }, use) => {
    const emulator = new EmulatorControl(request);
    await emulator.reset();
    await use(emulator);
    await emulator.reset();
  },
  annotator: async ({ page }, use) => {
    await use(new AnnotatorPage(page));
  },
});

export { expect };
