/**
 * The foundation in a real browser against the real emulator: the image is drawn (pixels compared with the photo),
 * the list and thumbnails, switching files and the URL, zoom, pan, Fit, keyboard use, and the error states a user
 * can meet.
 */
import { EMULATOR_TOKEN, EMULATOR_URL, PROJECT, expect, test, type CanvasView } from './fixtures';

function expectFitted(view: CanvasView, region: { width: number; height: number }) {
  const shownWidthPx = view.imageWidthPx * view.scale;
  const shownHeightPx = view.imageHeightPx * view.scale;
  // Contain: one side fills the region (minus the 8 px padding), the other fits; centred on both axes.
  expect(Math.max(shownWidthPx / (region.width - 16), shownHeightPx / (region.height - 16))).toBeCloseTo(1, 2);
  expect(view.offsetXPx * 2 + shownWidthPx).toBeCloseTo(region.width, 0);
  expect(view.offsetYPx * 2 + shownHeightPx).toBeCloseTo(region.height, 0);
}

test('opens the first image fitted and draws the photo', async ({ annotator, emulator, page }) => {
  const view = await annotator.openImage();
  const regionBox = await annotator.canvas.boundingBox();
  if (regionBox === null) throw new Error('no canvas region');
  expectFitted(view, regionBox);
  const first = annotator.fileList.getByRole('listitem').first().getByRole('button');
  await expect(first).toHaveAttribute('aria-current', 'true');
  // The row also shows the image's annotation count; the name is its own element.
  const firstName = (await first.locator('.file-name').textContent())?.trim() ?? '';
  await expect(page.locator('.canvas-caption')).toContainText(firstName);

  const listed = await emulator.cdfPost<{ items: Array<{ id: number; name: string }> }>('files/list', { filter: { name: firstName } });
  const file = listed.items[0];
  if (file === undefined) throw new Error(`${firstName} is not in the emulator`);
  expect(await annotator.meanPixelErrorAgainst(await emulator.downloadUrl(file.id))).toBeLessThan(12);
  await expect(annotator.alert).toHaveCount(0);
});

test('lists the images with thumbnails', async ({ annotator }) => {
  await annotator.openImage();
  const items = annotator.fileList.getByRole('listitem');
  expect(await items.count()).toBeGreaterThanOrEqual(3);
  await expect(annotator.fileButton('notes')).toHaveCount(0);
  const thumbnail = annotator.fileButton('coffee').locator('img');
  await expect(thumbnail).toHaveAttribute('src', /^blob:/);
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
});

test('switching images updates the canvas and the URL', async ({ annotator, emulator, page }) => {
  await annotator.openImage();
  const coffee = await emulator.fileByExternalId('sample:coffee');
  await annotator.fileButton(coffee.name).click();
  await expect(page).toHaveURL(new RegExp(`fileId=${coffee.id}`));
  await expect(page).toHaveURL(/baseUrl=/);
  await expect(annotator.fileButton(coffee.name)).toHaveAttribute('aria-current', 'true');
  await expect(page.locator('.canvas-caption')).toContainText(coffee.name);
  await annotator.waitForImage();
  expect(await annotator.meanPixelErrorAgainst(await emulator.downloadUrl(coffee.id))).toBeLessThan(12);

  // The URL reopens the same file after a reload.
  await page.reload();
  await annotator.waitForImage();
  await expect(page.locator('.canvas-caption')).toContainText(coffee.name);
});

test('opens the file named by fileExternalId', async ({ annotator, emulator, page }) => {
  const coffee = await emulator.fileByExternalId('sample:coffee');
  await annotator.openImage({ fileExternalId: 'sample:coffee' });
  await expect(page.locator('.canvas-caption')).toContainText(coffee.name);
  await expect(annotator.fileButton(coffee.name)).toHaveAttribute('aria-current', 'true');
});

test('the wheel zooms about the cursor, Space+drag and middle-drag pan, Fit restores', async ({ annotator, page }) => {
  const fitted = await annotator.openImage({ fileExternalId: 'sample:coffee' });
  const anchor = { x: 0.3, y: 0.6 };
  const at = await annotator.wheelAtNormalized(anchor, -400);
  await expect.poll(async () => (await annotator.view()).scale).toBeGreaterThan(fitted.scale * 1.5);
  const underCursor = await annotator.normalizedAt(at.x, at.y);
  expect(underCursor.x).toBeCloseTo(anchor.x, 3);
  expect(underCursor.y).toBeCloseTo(anchor.y, 3);
  await expect(page.locator('.zoom-readout')).not.toHaveText(`Zoom ${Math.round(fitted.scale * 100)}%`);
  await expect(page.locator('.zoom-readout')).toHaveText(`Zoom ${Math.round((await annotator.view()).scale * 100)}%`);

  const beforePan = await annotator.view();
  await annotator.dragPage({ x: at.x, y: at.y }, { x: at.x - 120, y: at.y + 40 }, { holdSpace: true });
  const afterSpacePan = await annotator.view();
  expect(afterSpacePan.scale).toBe(beforePan.scale);
  expect(afterSpacePan.offsetXPx - beforePan.offsetXPx).toBeCloseTo(-120, 0);
  expect(afterSpacePan.offsetYPx - beforePan.offsetYPx).toBeCloseTo(40, 0);

  await annotator.dragPage({ x: at.x, y: at.y }, { x: at.x + 50, y: at.y - 30 }, { button: 'middle' });
  const afterMiddlePan = await annotator.view();
  expect(afterMiddlePan.offsetXPx - afterSpacePan.offsetXPx).toBeCloseTo(50, 0);
  expect(afterMiddlePan.offsetYPx - afterSpacePan.offsetYPx).toBeCloseTo(-30, 0);

  await page.getByRole('button', { name: 'Fit' }).click();
  await expect.poll(() => annotator.view()).toEqual(fitted);

  // With the Fit button focused, Space+drag still pans, and releasing Space does not press Fit again.
  await annotator.dragPage({ x: at.x, y: at.y }, { x: at.x + 60, y: at.y }, { holdSpace: true });
  const panFromFit = async () => (await annotator.view()).offsetXPx - fitted.offsetXPx;
  await expect.poll(panFromFit).toBeCloseTo(60, 0);
  // A positive signal after the Space release: the next pan adds to those 60 px. Had releasing Space pressed Fit, the
  // view would have gone back to the fitted one first and this would end at 30.
  await annotator.dragPage({ x: at.x, y: at.y }, { x: at.x + 30, y: at.y }, { button: 'middle' });
  await expect.poll(panFromFit).toBeCloseTo(90, 0);
});

test('the canvas refits when its region is resized', async ({ annotator, page }) => {
  await annotator.openImage({ fileExternalId: 'sample:coffee' });
  await page.setViewportSize({ width: 1000, height: 600 });
  await expect
    .poll(async () => {
      const box = await annotator.canvas.boundingBox();
      const view = await annotator.view();
      return box === null ? null : Math.round(view.offsetXPx * 2 + view.imageWidthPx * view.scale - box.width);
    })
    .toBe(0);
});

test('keyboard: zoom, fit, and place a point at the keyboard cursor', async ({ annotator, page }) => {
  const fitted = await annotator.openImage({ fileExternalId: 'sample:coffee' });
  await annotator.canvas.focus();
  await page.keyboard.press('PageUp');
  await expect.poll(async () => (await annotator.view()).scale).toBeGreaterThan(fitted.scale);
  await page.keyboard.press('f');
  await expect.poll(() => annotator.view()).toEqual(fitted);

  // The cursor starts at the centre; move it 5 steps right (50 px) and place a positive point with P.
  for (let step = 0; step < 5; step += 1) await page.keyboard.press('ArrowRight');
  const cursor = { x: 0.5 + 50 / fitted.scale / fitted.imageWidthPx, y: 0.5 };
  const overlayBefore = await annotator.canvasPixelAt({ x: cursor.x + 4 / fitted.scale / fitted.imageWidthPx, y: cursor.y + 4 / fitted.scale / fitted.imageHeightPx }, 1);
  await page.keyboard.press('p');
  // The marker drawn by the overlay now covers a pixel beside the crosshair lines that was transparent before.
  await expect
    .poll(async () => (await annotator.canvasPixelAt({ x: cursor.x + 4 / fitted.scale / fitted.imageWidthPx, y: cursor.y + 4 / fitted.scale / fitted.imageHeightPx }, 1)).a)
    .toBeGreaterThan(overlayBefore.a);
});

test.describe('error states', () => {
  test('a malformed config.json is reported, naming the bad setting', async ({ annotator, page }) => {
    await page.route('**/config.json', (route) => route.fulfill({ contentType: 'application/json', body: '{"baseUrl": "ftp://nowhere"}' }));
    await annotator.open();
    await expect(annotator.alert).toContainText('configuration is not valid');
    await expect(annotator.alert).toContainText('baseUrl: must be an http(s) URL');
  });

  test('an unknown fileId says the file was not found, with the request id', async ({ annotator }) => {
    await annotator.open({ fileId: '987654321' });
    await expect(annotator.alert).toContainText('File not found');
    await expect(annotator.alert).toContainText('987654321');
    await expect(annotator.alert).toContainText(/Request id: \S+/);
  });

  test('a file that is not an image says so', async ({ annotator }) => {
    await annotator.open({ fileExternalId: 'sample:notes-txt' });
    await expect(annotator.alert).toContainText('Not an image');
    await expect(annotator.canvas).toHaveCount(0);
  });

  test('a rejected token is an access-denied alert with the request id', async ({ annotator, page }) => {
    await page.route('**/config.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify({ auth: { mode: 'emulator', token: 'wrong-token' } }) }));
    await annotator.open();
    await expect(annotator.alert.first()).toContainText('Access denied');
    await expect(annotator.alert.first()).toContainText(/Request id: \S+/);
    await expect(annotator.alert.first().getByRole('button', { name: 'Try again' })).toBeVisible();
  });

  test('an unreachable server says which address cannot be reached and offers a retry', async ({ annotator, page }) => {
    await page.goto('/?baseUrl=http://127.0.0.1:9');
    await expect(annotator.alert.first()).toContainText('Cannot reach http://127.0.0.1:9');
    await expect(annotator.alert.first().getByRole('button', { name: 'Try again' })).toBeVisible();
  });

  test('a failed download is reported and can be retried', async ({ annotator, emulator }) => {
    await emulator.setFaults([{ type: 'http', method: 'GET', path: '/_emulator/download/*', status: 403, times: 1, message: 'Injected download failure' }]);
    await annotator.open({ fileExternalId: 'sample:coffee' });
    await expect(annotator.alert).toContainText('image download failed');
    await annotator.alert.getByRole('button', { name: 'Try again' }).click();
    await annotator.waitForImage();
    await expect(annotator.alert).toHaveCount(0);
  });

  test('a storage host that does not answer is a retryable failed download, not "Not an image"', async ({ annotator, page }) => {
    // Both the fetch() and its <img> fallback fail at the network level.
    let refused = 0;
    await page.route('**/_emulator/download/**', async (route) => {
      refused += 1;
      await route.abort('connectionrefused');
    });
    await annotator.open({ fileExternalId: 'sample:coffee' });
    await expect(annotator.alert).toContainText('Download failed');
    await expect(annotator.alert).not.toContainText('Not an image');
    expect(refused).toBeGreaterThanOrEqual(2);
    await page.unroute('**/_emulator/download/**');
    await annotator.alert.getByRole('button', { name: 'Try again' }).click();
    await annotator.waitForImage();
    await expect(annotator.alert).toHaveCount(0);
  });

  test('a storage host without CORS still shows the image (plain <img> fallback)', async ({ annotator, page }) => {
    // Serve the download with CORS for another origin only: fetch() is refused, an <img> is not. (Playwright would
    // add a matching Access-Control-Allow-Origin to a fulfilled response that has none.)
    await page.route('**/_emulator/download/**', async (route) => {
      const response = await route.fetch();
      const headers = Object.fromEntries(Object.entries(response.headers()).filter(([name]) => !name.startsWith('access-control-')));
      await route.fulfill({ status: response.status(), headers: { ...headers, 'access-control-allow-origin': 'https://storage-console.example' }, body: await response.body() });
    });
    const view = await annotator.openImage({ fileExternalId: 'sample:coffee' });
    expect(view.imageWidthPx).toBeGreaterThan(0);
    await expect(annotator.alert).toHaveCount(0);
    // Proof that the fallback ran: a cross-origin <img> without CORS taints the canvas, so pixels cannot be read.
    await expect(annotator.canvasPixelAt({ x: 0.5, y: 0.5 })).rejects.toThrow(/cross-origin|tainted|insecure/i);
  });

  test('transient 503s on an idempotent call are retried invisibly', async ({ annotator, emulator }) => {
    await emulator.setFaults([{ type: 'http', path: '/api/v1/projects/demo/files/list', status: 503, times: 2, message: 'Injected 503' }]);
    await annotator.openImage();
    await expect(annotator.alert).toHaveCount(0);
  });

  test('a malformed answer is an error the user sees, not a crash', async ({ annotator, emulator }) => {
    // Both listings (JPEG and PNG) answer once with a body that breaks the schema.
    await emulator.setFaults([{ type: 'malformed', method: 'POST', path: '/api/v1/projects/demo/files/list', times: 2 }]);
    await annotator.open();
    await expect(annotator.alert.first()).toContainText('does not match the CDF API schema');
    await annotator.alert.first().getByRole('button', { name: 'Try again' }).click();
    await annotator.waitForImage();
    await expect(annotator.alert).toHaveCount(0);
  });
});

test('embedded in an iframe, the app gets its token from the host page over postMessage', async ({ page, baseURL }) => {
  const appOrigin = new URL(baseURL ?? 'http://127.0.0.1:5174').origin;
  await page.route('**/config.json', (route) =>
    route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({ baseUrl: EMULATOR_URL, project: PROJECT, auth: { mode: 'host', allowedOrigins: [appOrigin] } }),
    }),
  );
  // A host page on the app's origin that answers the documented token requests.
  await page.route('**/host-page.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>host</title>
        <script>
          window.tokenRequests = 0;
          window.addEventListener('message', (event) => {
            if (event.data && event.data.type === 'cdf-token-request') {
              window.tokenRequests += 1;
              event.source.postMessage({ type: 'cdf-token', requestId: event.data.requestId, token: ${JSON.stringify(EMULATOR_TOKEN)} }, event.origin);
            }
          });
        </script>
        <iframe title="annotator" src="/?fileExternalId=sample:coffee" style="width:1200px;height:760px;border:0"></iframe>`,
    }),
  );
  await page.goto('/host-page.html');
  const app = page.frameLocator('iframe[title="annotator"]');
  await expect(app.getByRole('application', { name: 'Image annotation canvas' })).toHaveAttribute('data-view-scale', /\d/);
  await expect(app.getByRole('alert')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { tokenRequests: number }).tokenRequests)).toBeGreaterThan(0);
});

test.describe('on a high-DPI screen', () => {
  test.use({ deviceScaleFactor: 2 });

  test('the canvas backing store has two device pixels per CSS pixel', async ({ annotator }) => {
    await annotator.openImage({ fileExternalId: 'sample:coffee' });
    const ratios = await annotator.canvas.evaluate((region) =>
      Array.from(region.querySelectorAll('canvas'), (canvas) => canvas.width / canvas.getBoundingClientRect().width),
    );
    expect(ratios.length).toBeGreaterThanOrEqual(2);
    for (const ratio of ratios) expect(ratio).toBeCloseTo(2, 2);
  });
});

test('a huge image is shown downscaled, with its real size in the caption', async ({ annotator, emulator, page, request }) => {
  const { default: sharp } = await import('sharp');
  const widthPx = 6000;
  const heightPx = 4000;
  const png = await sharp({ create: { width: widthPx, height: heightPx, channels: 3, background: { r: 200, g: 40, b: 30 } } }).png().toBuffer();
  const created = await emulator.cdfPost<{ id: number; uploadUrl: string }>('files', {
    name: `huge-${Date.now()}.png`,
    mimeType: 'image/png',
    externalId: `e2e:huge-${Date.now()}`,
  });
  const upload = await request.put(created.uploadUrl, { headers: { 'Content-Type': 'image/png' }, data: png });
  expect(upload.ok()).toBe(true);

  const view = await annotator.openImage({ fileId: String(created.id) });
  expect(view.imageWidthPx * view.imageHeightPx).toBeLessThanOrEqual(4096 * 4096);
  expect(view.imageWidthPx / view.imageHeightPx).toBeCloseTo(widthPx / heightPx, 2);
  await expect(page.locator('.canvas-caption')).toContainText(`${widthPx}×${heightPx} px (shown at ${view.imageWidthPx}×${view.imageHeightPx})`);
  const pixel = await annotator.canvasPixelAt({ x: 0.5, y: 0.5 });
  expect(Math.abs(pixel.r - 200) + Math.abs(pixel.g - 40) + Math.abs(pixel.b - 30)).toBeLessThan(12);
});
