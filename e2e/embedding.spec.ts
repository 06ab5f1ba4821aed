/**
 * Embedding, in real Chromium across two origins: the app (production build, 127.0.0.1:E2E_APP_PORT) inside the example
 * portal or a test portal served with the built host helper (dist/embed/mountAnnotator.js) on E2E_HOST_PORT. The portal
 * is reached as `localhost` (another site, as most portals are) or as `127.0.0.1` on its own port (another origin, same
 * site: the only way Chromium here lets the app's iframe keep IndexedDB, which the storage test needs).
 * The app's config.json is answered per test (auth.mode "host", allowedOrigins = the portal's origin).
 * Over 300 lines: the security review's cases share the portal helpers here, and read best side by side.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { FrameLocator, Page, Request } from '@playwright/test';
import { AnnotatorPage, EMULATOR_TOKEN, EMULATOR_URL, PROJECT, expect, test } from './fixtures';

const HOST_PORT = Number(process.env.E2E_HOST_PORT ?? 5176);
const APP_ORIGIN = `http://127.0.0.1:${Number(process.env.E2E_APP_PORT ?? 5174)}`;
/** The portal as another site. */
const CROSS_SITE_HOST = `http://localhost:${HOST_PORT}`;
/** The portal as another origin on the same site. */
const SAME_SITE_HOST = `http://127.0.0.1:${HOST_PORT}`;
const SCREENSHOT_DIR = process.env.E2E_SCREENSHOT_DIR ?? '/tmp/embed';
const FRAME = 'iframe[title="Image annotator"]';

interface PortalState {
  events: string[];
  tokenRequestIds: string[];
  rawMessages: number;
  siblingSent: number;
}
interface PortalWindow {
  portal: PortalState & {
    annotator: { openFile(file: { fileId: number } | { fileExternalId: string }): void; setLabels(labels: string[]): void };
    release(): void;
  };
}

async function useAppConfig(page: Page, allowedOrigins: readonly string[], extra: Record<string, unknown> = {}): Promise<void> {
  await page.route(`${APP_ORIGIN}/config.json`, (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify({ baseUrl: EMULATOR_URL, project: PROJECT, auth: { mode: 'host', allowedOrigins }, ...extra }) }),
  );
}

/** The test portal (e2e/embed-pages/test-portal.html) on `hostOrigin`, with the app in its iframe. */
async function openTestPortal(page: Page, hostOrigin: string, { holdTokens = false } = {}): Promise<FrameLocator> {
  const query = new URLSearchParams({ appUrl: `${APP_ORIGIN}/?fileList=0`, ...(holdTokens ? { hold: '1' } : {}) });
  await page.goto(`${hostOrigin}/test-portal.html?${query.toString()}`);
  return page.frameLocator(FRAME);
}

/**
 * Puts a frame next to the annotator that posts `messages` to it with target origin '*' (e2e/embed-pages/sibling.html):
 * from the portal's own origin (an allowed origin, so only the check of `event.source` stops it) or from a third
 * origin (the portal's server reached as 127.0.0.1 while the portal is on localhost).
 */
async function addHostileSibling(page: Page, messages: readonly unknown[], siblingOrigin: string): Promise<void> {
  const before = (await readPortal(page)).siblingSent;
  await page.evaluate((src) => {
    const frame = document.createElement('iframe');
    frame.title = 'hostile sibling';
    frame.src = src;
    document.body.append(frame);
  }, `${siblingOrigin}/sibling.html#${encodeURIComponent(JSON.stringify(messages))}`);
  await expect.poll(() => readPortal(page).then((state) => state.siblingSent)).toBe(before + messages.length);
}

/** What the test portal recorded so far. */
function readPortal(page: Page): Promise<PortalState> {
  return page.evaluate(() => {
    const { events, tokenRequestIds, rawMessages, siblingSent } = (window as unknown as PortalWindow).portal;
    return { events: [...events], tokenRequestIds: [...tokenRequestIds], rawMessages, siblingSent };
  });
}

const portalCall = (page: Page, call: 'openFile' | 'setLabels', argument: unknown) =>
  page.evaluate(([name, value]) => {
    const annotator = (window as unknown as PortalWindow).portal.annotator as unknown as Record<string, (input: unknown) => void>;
    annotator[name as string]?.(value);
  }, [call, argument] as const);

/** Every CDF request the page (and its frames) makes, with its Authorization header and body. */
function recordRequests(page: Page): Array<{ url: string; authorization: string | undefined; body: string | null }> {
  const seen: Array<{ url: string; authorization: string | undefined; body: string | null }> = [];
  page.on('request', (request: Request) => seen.push({ url: request.url(), authorization: request.headers().authorization, body: request.postData() }));
  return seen;
}

async function labelSuggestions(app: FrameLocator): Promise<string[]> {
  const field = app.getByRole('combobox', { name: 'Label' });
  await field.fill('');
  await field.focus();
  return app.getByRole('listbox', { name: 'Label suggestions' }).getByRole('option').allInnerTexts();
}

const caption = (app: FrameLocator) => app.locator('.canvas-caption .file-name');

test.describe('the example portal on another site', () => {
  test.beforeEach(async ({ page }) => {
    await useAppConfig(page, [CROSS_SITE_HOST]);
    await page.goto(`${CROSS_SITE_HOST}/example/?${new URLSearchParams({ appUrl: `${APP_ORIGIN}/?fileList=0` }).toString()}`);
  });

  test('handshake, file events, open by id and by externalId, set labels', async ({ page, emulator }) => {
    const app = page.frameLocator(FRAME);
    const events = page.getByRole('list', { name: 'Events from the annotator' });
    const annotator = new AnnotatorPage(page, app);
    await annotator.waitForImage();
    // The first image of the project opens; the portal hears its id.
    const firstId = /id (\d+)/.exec(await app.locator('.canvas-caption').innerText())?.[1];
    expect(firstId).toBeDefined();
    await expect(events).toContainText('ready');
    await expect(events).toContainText(`file-opened ${firstId}`);
    // fileList=0: the portal drives navigation, so the app shows no image list.
    await expect(app.getByRole('navigation', { name: 'Project images' })).toHaveCount(0);
    await expect(page.locator('#token-requests')).not.toHaveText('0');

    const chelsea = await emulator.fileByExternalId('sample:chelsea');
    await page.getByRole('button', { name: 'chelsea' }).click();
    await expect(caption(app)).toHaveText('chelsea.png');
    await expect(events).toContainText(`file-opened ${chelsea.id}`);

    const rocket = await emulator.fileByExternalId('sample:rocket');
    await page.getByLabel('File id or externalId').fill(String(rocket.id));
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(caption(app)).toHaveText('rocket.jpg');
    await expect(events).toContainText(`file-opened ${rocket.id}`);

    await page.getByLabel('Comma-separated').fill('pump, valve, Pump, pipe');
    await page.getByRole('button', { name: 'Set labels' }).click();
    // The user had not chosen a label, so the field follows the portal's labels instead of keeping the default.
    await expect(app.getByRole('combobox', { name: 'Label' })).toHaveValue('pump');
    await expect.poll(() => labelSuggestions(app)).toEqual(expect.arrayContaining(['pump', 'valve', 'pipe']));
    expect((await labelSuggestions(app)).filter((label) => label.toLowerCase() === 'pump')).toHaveLength(1);

  });

  test('an unknown file: a visible message, and the open image stays', async ({ page }) => {
    const app = page.frameLocator(FRAME);
    await new AnnotatorPage(page, app).waitForImage();
    const shown = await caption(app).innerText();
    await page.getByLabel('File id or externalId').fill('sample:no-such-file');
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    const notice = app.getByRole('alert').filter({ hasText: 'File not found' });
    await expect(notice).toContainText('The host page asked for a file the annotator cannot open');
    await expect(notice).toContainText('sample:no-such-file');
    await expect(caption(app)).toHaveText(shown);
    await app.getByRole('button', { name: 'Dismiss' }).click();
    await expect(notice).toHaveCount(0);
  });
});

/** The controls of the small frame do not cover each other: toolbar buttons, the side panel's, the canvas region. */
async function expectNoOverlap(app: Page | FrameLocator): Promise<void> {
  const boxes = await app.locator('body').evaluate(() => {
    const selectors = ['.toolbar button', '.toolbar label', '.view-controls', '.files-panel', '.side-panel', '.annotation-stage', '.canvas-caption'];
    return selectors.flatMap((selector) =>
      Array.from(document.querySelectorAll(selector), (element) => {
        const rect = element.getBoundingClientRect();
        return { name: `${selector}:${element.textContent?.slice(0, 20) ?? ''}`, left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom, selector };
      }),
    );
  });
  const inside = (a: (typeof boxes)[number], b: (typeof boxes)[number]) => a.left >= b.left && a.right <= b.right && a.top >= b.top && a.bottom <= b.bottom;
  for (const [index, a] of boxes.entries()) {
    expect(a.right, `${a.name} fits the 640 px frame`).toBeLessThanOrEqual(640.5);
    for (const b of boxes.slice(index + 1)) {
      // The zoom controls float over the stage by design.
      if (inside(a, b) || inside(b, a)) continue;
      const overlapX = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const overlapY = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      expect(overlapX > 0.5 && overlapY > 0.5, `${a.name} overlaps ${b.name}`).toBe(false);
    }
  }
}

test.describe('in a 640×480 window', () => {
  test.use({ viewport: { width: 640, height: 480 } });

  test('with the image list too, nothing overlaps and nothing leaves the window', async ({ annotator, page }) => {
    await annotator.openImage({ fileExternalId: 'sample:coffee' });
    await expect(annotator.fileList).toBeVisible();
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'app-640x480-with-list.png') });
    await expectNoOverlap(page);
  });
});

test.describe('hostile frames and parents', () => {
  test("a sibling frame's open-file and labels are ignored", async ({ page, emulator }) => {
    await useAppConfig(page, [CROSS_SITE_HOST]);
    const app = await openTestPortal(page, CROSS_SITE_HOST);
    await new AnnotatorPage(page, app).waitForImage();
    const requests = recordRequests(page);
    const rocket = await emulator.fileByExternalId('sample:rocket');
    const hostile = [
      { type: 'annotator:open-file', fileExternalId: 'sample:rocket' },
      { type: 'annotator:open-file', fileId: rocket.id },
      { type: 'annotator:set-labels', labels: ['sibling-label'] },
    ];
    await addHostileSibling(page, hostile, CROSS_SITE_HOST);
    await addHostileSibling(page, hostile, SAME_SITE_HOST);
    // The portal's own commands, sent after the sibling's, are carried out: by then the sibling's were seen.
    await portalCall(page, 'setLabels', ['after-sibling']);
    await expect.poll(() => labelSuggestions(app)).toContain('after-sibling');
    await portalCall(page, 'openFile', { fileExternalId: 'sample:chelsea' });
    await expect(caption(app)).toHaveText('chelsea.png');
    expect(await labelSuggestions(app)).not.toContain('sibling-label');
    expect(requests.filter((request) => request.body?.includes('sample:rocket') || request.body?.includes(String(rocket.id)))).toEqual([]);
    expect((await readPortal(page)).events).not.toContain(`file-opened ${rocket.id}`);
  });

  test('a forged cdf-token from a sibling frame is ignored; the portal\'s answer is used', async ({ page }) => {
    await useAppConfig(page, [CROSS_SITE_HOST]);
    const requests = recordRequests(page);
    const app = await openTestPortal(page, CROSS_SITE_HOST, { holdTokens: true });
    await expect.poll(() => readPortal(page).then((state) => state.tokenRequestIds.length)).toBeGreaterThan(0);
    const requestIds = (await readPortal(page)).tokenRequestIds;
    // From the portal's own origin: an allowed origin, but not the parent window.
    await addHostileSibling(page, requestIds.map((requestId) => ({ type: 'cdf-token', requestId, token: 'forged-token' })), CROSS_SITE_HOST);
    await portalCall(page, 'setLabels', ['after-forgery']);
    await expect.poll(() => labelSuggestions(app)).toContain('after-forgery');
    const cdfRequests = () => requests.filter((request) => request.url.startsWith(EMULATOR_URL));
    expect(cdfRequests()).toEqual([]);
    await page.evaluate(() => (window as unknown as PortalWindow).portal.release());
    await new AnnotatorPage(page, app).waitForImage();
    expect(cdfRequests().length).toBeGreaterThan(0);
    for (const request of cdfRequests()) expect(request.authorization ?? '', request.url).not.toContain('forged');
    for (const request of cdfRequests().filter((item) => item.url.includes('/api/v1/'))) expect(request.authorization).toBe(`Bearer ${EMULATOR_TOKEN}`);
  });

  test('a parent on an origin that is not allowed gets nothing, and its commands do nothing', async ({ page }) => {
    await useAppConfig(page, ['https://portal.example.com'], { auth: { mode: 'host', allowedOrigins: ['https://portal.example.com'], timeoutMs: 1000 } });
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    const app = await openTestPortal(page, CROSS_SITE_HOST);
    // The app asked for a token (posted only to the allowed origin, so the browser dropped it) and gave up.
    await expect(app.getByRole('alert').first()).toContainText('did not answer the token request within 1000 ms');
    // The helper never saw ready, so it still queues; talk to the frame directly instead.
    await page.evaluate(() => {
      const frame = document.querySelector('iframe');
      frame?.contentWindow?.postMessage({ type: 'annotator:set-labels', labels: ['from-foreign-parent'] }, '*');
    });
    await expect.poll(() => warnings.join('\n')).toContain(`origin ${CROSS_SITE_HOST} is not in auth.allowedOrigins`);
    expect(await labelSuggestions(app)).not.toContain('from-foreign-parent');
    expect(await readPortal(page)).toMatchObject({ rawMessages: 0, events: [] });
  });
});

test.describe('text stays text', () => {
  test('a file name and a CDF error message holding HTML are shown as text', async ({ page, emulator, request }) => {
    const coffee = await emulator.fileByExternalId('sample:coffee');
    const bytes = await (await request.get(await emulator.downloadUrl(coffee.id))).body();
    const evilName = `<img src=x onerror="window.top.pwned=1"><b>bold</b>.png`;
    const created = await emulator.cdfPost<{ id: number; uploadUrl: string }>('files', { name: evilName, mimeType: 'image/png', externalId: `e2e:html-name-${Date.now()}` });
    expect((await request.put(created.uploadUrl, { headers: { 'Content-Type': 'image/png' }, data: bytes })).ok()).toBe(true);

    try {
      await useAppConfig(page, [CROSS_SITE_HOST]);
      const app = await openTestPortal(page, CROSS_SITE_HOST);
      await new AnnotatorPage(page, app).waitForImage();
      await portalCall(page, 'openFile', { fileId: created.id });
      await expect(caption(app)).toHaveText(evilName);

      const evilMessage = '<b>injected</b><img src=x onerror="window.top.pwned=2">';
      await emulator.setFaults([{ type: 'http', method: 'POST', path: `/api/v1/projects/${PROJECT}/files/byids`, status: 400, message: evilMessage }]);
      await portalCall(page, 'openFile', { fileExternalId: 'sample:rocket' });
      await expect(app.getByRole('alert').filter({ hasText: 'cannot open' })).toContainText(evilMessage);
      await expect(caption(app)).toHaveText(evilName);

      await expect(app.locator('img[src="x"], b')).toHaveCount(0);
      expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    } finally {
      // Other specs expect the sample photos alone in the list.
      await emulator.setFaults([]);
      await emulator.cdfPost('files/delete', { items: [{ id: created.id }] });
    }
  });
});

test.describe('the example portal on another origin of the same site', () => {
  test('a save is reported to the portal; no token in any URL, localStorage, sessionStorage or IndexedDB; fits 640×480', async ({ page, emulator }, testInfo) => {
    const coffee = await emulator.fileByExternalId('sample:coffee');
    const existing = await emulator.cdfPost<{ items: Array<{ id: number }> }>('annotations/list', {
      filter: { annotatedResourceType: 'file', annotatedResourceIds: [{ id: coffee.id }] },
      limit: 1000,
    });
    if (existing.items.length > 0) await emulator.cdfPost('annotations/delete', { items: existing.items.map(({ id }) => ({ id })) });

    await useAppConfig(page, [SAME_SITE_HOST]);
    const requests = recordRequests(page);
    await page.goto(`${SAME_SITE_HOST}/example/?${new URLSearchParams({ appUrl: `${APP_ORIGIN}/?fileList=0` }).toString()}`);
    const app = page.frameLocator(FRAME);
    const annotator = new AnnotatorPage(page, app);
    const events = page.getByRole('list', { name: 'Events from the annotator' });
    await annotator.waitForImage();
    await page.getByRole('button', { name: 'coffee' }).click();
    await expect(caption(app)).toHaveText('coffee.png');
    await annotator.waitForImage();
    await annotator.clickAtNormalized(0.45, 0.45);
    const save = app.getByRole('button', { name: 'Save annotation' });
    await expect(save).not.toHaveAttribute('aria-disabled', 'true', { timeout: 30_000 });
    await save.click();
    await expect(events).toContainText(`annotations-changed ${coffee.id}: `, { timeout: 30_000 });
    const count = (await emulator.cdfPost<{ items: unknown[] }>('annotations/list', {
      filter: { annotatedResourceType: 'file', annotatedResourceIds: [{ id: coffee.id }] },
      limit: 1000,
    })).items.length;
    expect(count).toBeGreaterThan(0);
    await expect(events).toContainText(`annotations-changed ${coffee.id}: ${count}`);

    // Screenshots (look at them): the portal with the annotator at full size and in a 640×480 frame.
    await page.getByLabel('Comma-separated').fill('cup, saucer, spoon');
    await page.getByRole('button', { name: 'Set labels' }).click();
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await annotator.waitForImage();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'example-full.png') });
    await page.getByRole('radio', { name: '640 × 480' }).check();
    const frameBox = await page.locator(FRAME).boundingBox();
    expect(frameBox).toMatchObject({ width: 640, height: 480 });
    await annotator.waitForImage();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'example-640x480.png') });
    await page.locator(FRAME).screenshot({ path: path.join(SCREENSHOT_DIR, 'frame-640x480.png') });
    await testInfo.attach('example-640x480', { path: path.join(SCREENSHOT_DIR, 'example-640x480.png'), contentType: 'image/png' });
    await expectNoOverlap(app);

    const appFrame = page.frames().find((frame) => frame.url().startsWith(APP_ORIGIN));
    if (appFrame === undefined) throw new Error('no app frame');
    const dump = await appFrame.evaluate(async () => {
      const storage = (area: Storage) => Object.fromEntries(Array.from({ length: area.length }, (_, index) => area.key(index) ?? '').map((key) => [key, area.getItem(key)]));
      const databases: Record<string, Record<string, unknown[]>> = {};
      for (const info of await indexedDB.databases()) {
        if (info.name === undefined) continue;
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const opening = indexedDB.open(info.name as string);
          opening.onsuccess = () => resolve(opening.result);
          opening.onerror = () => reject(opening.error ?? new Error('open failed'));
        });
        const stores: Record<string, unknown[]> = {};
        for (const name of Array.from(db.objectStoreNames)) {
          stores[name] = await new Promise<unknown[]>((resolve, reject) => {
            const reading = db.transaction(name).objectStore(name).getAll();
            reading.onsuccess = () => resolve(reading.result as unknown[]);
            reading.onerror = () => reject(reading.error ?? new Error('read failed'));
          });
        }
        db.close();
        databases[info.name] = stores;
      }
      return { local: storage(localStorage), session: storage(sessionStorage), databases };
    });
    // Not vacuous: the app did store prompts and the outbox here.
    expect(Object.keys(dump.local).length).toBeGreaterThan(0);
    expect(Object.keys(dump.databases).length).toBeGreaterThan(0);
    const everything = JSON.stringify(dump);
    expect(everything).not.toContain(EMULATOR_TOKEN);
    for (const frame of page.frames()) expect(frame.url()).not.toContain(EMULATOR_TOKEN);
    for (const seen of requests) expect(seen.url).not.toContain(EMULATOR_TOKEN);
    expect(requests.some((seen) => seen.authorization === `Bearer ${EMULATOR_TOKEN}`)).toBe(true);
    // The token goes to the CDF base URL only; the signed download links carry none.
    for (const seen of requests.filter((item) => item.authorization !== undefined)) expect(seen.url.startsWith(`${EMULATOR_URL}/api/v1/`), seen.url).toBe(true);
  });
});
