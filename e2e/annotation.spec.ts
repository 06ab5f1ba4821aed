/**
 * The annotation loop in a real browser against the real emulator: prompts → segment job → polling → overlay, with
 * faults injected through `/_emulator/faults`. Requests are inspected as the emulator receives them; "drawn" is read
 * from the app's User Timing marks (`annotator:overlay-rendered` fires only after Konva drew the polygons).
 * Screenshots of each state go to each test's output folder.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page, Request, Response } from '@playwright/test';
import { expect, test, type AnnotatorPage } from './fixtures';

const SEGMENT_PATH = '/api/v1/projects/demo/context/vision/segment';
const JOB_PATH_PATTERN = `${SEGMENT_PATH}/*`;
/** Screenshots of each state, in the test's own output folder (Playwright's --output, test-results/ by default). */
const screenshotPath = (name: string) => test.info().outputPath(`${name}.png`);
/** coffee.png: a cup on a saucer, 600×400 px; the cup's body is around (0.45, 0.45). */
const FILE_EXTERNAL_ID = 'sample:coffee';
const ON_OBJECT = { x: 0.45, y: 0.45 } as const;
const COORD_TOLERANCE = 0.01;

interface SegmentRequestBody {
  items: Array<{ fileId: number }>;
  points?: Array<{ x: number; y: number; label?: 0 | 1 }>;
  boundingBox?: { xMin: number; yMin: number; xMax: number; yMax: number };
}

const isSegmentPost = (request: Request) => request.method() === 'POST' && new URL(request.url()).pathname === SEGMENT_PATH;
const isSegmentPostResponse = (response: Response) => isSegmentPost(response.request());

const openAnnotator = (annotator: AnnotatorPage) => annotator.openImage({ fileExternalId: FILE_EXTERNAL_ID });

/** Clicks at normalized image coordinates: left = positive; Shift+left or right = negative. */
async function clickImage(annotator: AnnotatorPage, x: number, y: number, how: 'positive' | 'shift' | 'right' = 'positive'): Promise<void> {
  const keyboard = annotator.page.keyboard;
  if (how === 'shift') await keyboard.down('Shift');
  await annotator.clickAtNormalized(x, y, { button: how === 'right' ? 'right' : 'left' });
  if (how === 'shift') await keyboard.up('Shift');
}

/** Job ids of `annotator:overlay-rendered` marks, in order. */
const renderedJobIds = (page: Page) =>
  page.evaluate(() =>
    performance.getEntriesByName('annotator:overlay-rendered').map((mark) => ((mark as PerformanceMark).detail as { jobId: number }).jobId),
  );

async function expectOverlayFor(page: Page, jobId: number): Promise<void> {
  await expect.poll(() => renderedJobIds(page), { timeout: 30_000 }).toContain(jobId);
  await expect(page.getByRole('status')).toContainText(`Completed · job ${jobId}`);
  const rows = page.getByRole('list', { name: 'Segments' }).getByRole('listitem');
  await expect(rows.first()).toContainText(/score \d\.\d\d · \d+ polygons? · \d+ vertices/);
}

const jobIdOf = async (response: Response): Promise<number> => ((await response.json()) as { jobId: number }).jobId;
const bodyOf = (request: Request) => request.postDataJSON() as SegmentRequestBody;
/** The job a recorded POST created (waits for its answer). */
const jobIdOfPost = async (request: Request): Promise<number> => {
  const response = await request.response();
  if (response === null) throw new Error('the segment POST got no answer');
  return jobIdOf(response);
};

/**
 * Waits until the status line says exactly `Completed · job <jobId>`: nothing in flight (that would read "Submitting
 * job…" or another job id), nothing waiting and nothing stale. So "no new job was made" is checked on the app's state,
 * not by waiting a while for a request that should not come.
 */
const expectSettledOn = (page: Page, jobId: number) => expect(page.getByRole('status')).toHaveText(`Completed · job ${jobId}`, { timeout: 30_000 });

/** Revisions of the `annotator:prompt-changed` marks, in order. */
const promptRevisions = (page: Page) =>
  page.evaluate(() =>
    performance.getEntriesByName('annotator:prompt-changed').map((mark) => ((mark as PerformanceMark).detail as { revision: number }).revision),
  );

test('a click and a box send normalized prompts and draw the result', async ({ annotator, page }) => {
  await openAnnotator(annotator);
  const firstPost = page.waitForResponse(isSegmentPostResponse);
  await clickImage(annotator, ON_OBJECT.x, ON_OBJECT.y);
  const first = await firstPost;
  const firstBody = bodyOf(first.request());
  expect(firstBody.items).toHaveLength(1);
  expect(firstBody.points).toHaveLength(1);
  expect(firstBody.points?.[0]?.label).toBe(1);
  expect(Math.abs((firstBody.points?.[0]?.x ?? -1) - ON_OBJECT.x)).toBeLessThan(COORD_TOLERANCE);
  expect(Math.abs((firstBody.points?.[0]?.y ?? -1) - ON_OBJECT.y)).toBeLessThan(COORD_TOLERANCE);
  expect(firstBody.boundingBox).toBeUndefined();
  await expectOverlayFor(page, await jobIdOf(first));

  // A single click is ambiguous, so the segmenter answers with several candidates (GrabCut: one per context scale;
  // SAM: its multimask output). Choosing the second with a number key marks it current.
  const rows = page.getByRole('list', { name: 'Segments' }).getByRole('listitem');
  await expect.poll(() => rows.count()).toBeGreaterThan(1);
  await expect(rows.nth(0)).toHaveAttribute('aria-current', 'true');
  await page.keyboard.press('2');
  await expect(rows.nth(1)).toHaveAttribute('aria-current', 'true');
  await expect(rows.nth(0)).not.toHaveAttribute('aria-current', 'true');

  const boxPost = page.waitForResponse(isSegmentPostResponse);
  await annotator.dragNormalized({ x: 0.25, y: 0.2 }, { x: 0.7, y: 0.8 });
  const boxed = await boxPost;
  const boxBody = bodyOf(boxed.request());
  expect(boxBody.points).toHaveLength(1);
  const box = boxBody.boundingBox;
  expect(box).toBeDefined();
  expect(Math.abs((box?.xMin ?? -1) - 0.25)).toBeLessThan(COORD_TOLERANCE);
  expect(Math.abs((box?.yMin ?? -1) - 0.2)).toBeLessThan(COORD_TOLERANCE);
  expect(Math.abs((box?.xMax ?? -1) - 0.7)).toBeLessThan(COORD_TOLERANCE);
  expect(Math.abs((box?.yMax ?? -1) - 0.8)).toBeLessThan(COORD_TOLERANCE);
  await expectOverlayFor(page, await jobIdOf(boxed));
  await page.screenshot({ path: screenshotPath('completed-with-candidates') });
});

test('Shift+click and right-click add negative points; clicking a marker removes it', async ({ annotator, page }) => {
  await openAnnotator(annotator);
  await page.getByRole('checkbox', { name: 'Auto-segment' }).uncheck();
  await clickImage(annotator, ON_OBJECT.x, ON_OBJECT.y);
  await clickImage(annotator, 0.1, 0.1, 'shift');
  await clickImage(annotator, 0.9, 0.9, 'right');
  await clickImage(annotator, 0.5, 0.9);
  await clickImage(annotator, 0.5, 0.9); // on the marker just placed: removes it
  const post = page.waitForRequest(isSegmentPost);
  await page.getByRole('button', { name: 'Segment' }).click();
  const body = bodyOf(await post);
  expect(body.points?.map((p) => p.label)).toEqual([1, 0, 0]);
  expect(body.points?.[1]).toMatchObject({ x: expect.closeTo(0.1, 2), y: expect.closeTo(0.1, 2) });
  expect(body.points?.[2]).toMatchObject({ x: expect.closeTo(0.9, 2), y: expect.closeTo(0.9, 2) });
});

test('undo and redo show each prompt set’s kept result without a new job', async ({ annotator, page }) => {
  await openAnnotator(annotator);
  const posts: Request[] = [];
  page.on('request', (request) => {
    if (isSegmentPost(request)) posts.push(request);
  });
  const firstPost = page.waitForResponse(isSegmentPostResponse);
  await clickImage(annotator, ON_OBJECT.x, ON_OBJECT.y);
  const firstJobId = await jobIdOf(await firstPost);
  await expectOverlayFor(page, firstJobId);
  const secondPost = page.waitForResponse(isSegmentPostResponse);
  await clickImage(annotator, 0.05, 0.05, 'shift');
  const secondJobId = await jobIdOf(await secondPost);
  await expectOverlayFor(page, secondJobId);
  expect(posts).toHaveLength(2);

  // A resubmission would be decided synchronously on the prompt change and show in the status line at once (see
  // expectSettledOn), so each exact status proves no new job was started.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expectSettledOn(page, firstJobId);
  await page.keyboard.press('Control+Shift+Z');
  await expectSettledOn(page, secondJobId);
  await page.keyboard.press('Control+z');
  await expectSettledOn(page, firstJobId);
  await page.keyboard.press('Control+y');
  await expectSettledOn(page, secondJobId);
  expect(posts).toHaveLength(2);
});

test('three quick clicks: one job in flight, only the newest waits, only it is drawn', async ({ annotator, emulator, page }) => {
  // Every job lasts at least 3 s: the three clicks (well under a second even on a loaded 2-core machine) all land
  // while the first job runs, whatever the segmenter's own speed.
  await emulator.setFaults([{ type: 'job-delay', delayMs: 3000 }]);
  await openAnnotator(annotator);
  const posts: Request[] = [];
  page.on('request', (request) => {
    if (isSegmentPost(request)) posts.push(request);
  });
  await clickImage(annotator, 0.4, 0.4);
  await clickImage(annotator, 0.45, 0.45);
  await clickImage(annotator, 0.5, 0.5, 'shift');
  await expect(page.getByRole('status')).toContainText('newest prompts waiting');
  await page.screenshot({ path: screenshotPath('pending-newest-waiting') });
  await expect.poll(() => posts.length, { timeout: 30_000 }).toBe(2);
  const [firstJobId, lastJobId] = await Promise.all(posts.map(jobIdOfPost));
  if (firstJobId === undefined || lastJobId === undefined) throw new Error('expected two jobs');
  await expectOverlayFor(page, lastJobId);
  await expectSettledOn(page, lastJobId); // nothing waits any more: no third job
  expect(posts).toHaveLength(2);
  expect(bodyOf(posts[1] as Request).points).toHaveLength(3);
  // The first job answered older prompts: it was never drawn as a result.
  expect(await renderedJobIds(page)).not.toContain(firstJobId);

  // While a new result is pending the previous one stays visible, dimmed. The next job cannot finish during these
  // checks (a minute-long delay), so Escape surely finds it pending.
  await emulator.setFaults([{ type: 'job-delay', delayMs: 60_000 }]);
  const pendingPost = page.waitForResponse(isSegmentPostResponse);
  await clickImage(annotator, 0.3, 0.6);
  const pendingJobId = await jobIdOf(await pendingPost);
  await expect(page.getByRole('status')).toContainText(`· job ${pendingJobId}`); // the app knows the job it waits for
  await expect(page.getByRole('heading', { name: /Segments \(earlier prompts\)/ })).toBeVisible();
  await page.screenshot({ path: screenshotPath('pending-previous-dimmed') });
  // Escape abandons the pending job.
  await page.keyboard.press('Escape');
  await expect(page.getByRole('status')).toHaveText(`Abandoned · job ${pendingJobId}`);
});

test('a failed job shows its message and keeps the prompts; Segment then succeeds', async ({ annotator, emulator, page }) => {
  await emulator.setFaults([{ type: 'job-failure', errorMessage: 'Injected failure for e2e', times: 1 }]);
  await openAnnotator(annotator);
  await clickImage(annotator, ON_OBJECT.x, ON_OBJECT.y);
  const alert = page.getByRole('alert').filter({ hasText: 'Injected failure for e2e' });
  await expect(alert).toBeVisible({ timeout: 30_000 });
  await expect(alert).toContainText(/Job id: \d+/);
  await expect(page.getByRole('status')).toContainText('Failed');
  await expect(page.getByRole('button', { name: 'Clear prompts' })).toBeEnabled();
  await page.screenshot({ path: screenshotPath('failed') });

  const retry = page.waitForResponse(isSegmentPostResponse);
  await page.getByRole('button', { name: 'Segment' }).click();
  const response = await retry;
  expect(bodyOf(response.request()).points).toHaveLength(1);
  await expectOverlayFor(page, await jobIdOf(response));
  await expect(alert).toHaveCount(0);
});

for (const status of [429, 503]) {
  test(`polling recovers from ${status} answers on the job GET`, async ({ annotator, emulator, page }) => {
    await emulator.setFaults([
      { type: 'http', method: 'GET', path: JOB_PATH_PATTERN, status, times: 2, headers: status === 429 ? { 'Retry-After': '0' } : {}, message: `Injected ${status}` },
    ]);
    await openAnnotator(annotator);
    const failedGets: number[] = [];
    page.on('response', (response) => {
      if (response.request().method() === 'GET' && response.url().includes(`${SEGMENT_PATH}/`) && response.status() === status) failedGets.push(status);
    });
    const post = page.waitForResponse(isSegmentPostResponse);
    await clickImage(annotator, ON_OBJECT.x, ON_OBJECT.y);
    await expectOverlayFor(page, await jobIdOf(await post));
    expect(failedGets).toHaveLength(2);
    await expect(page.getByRole('alert')).toHaveCount(0);
  });
}

test('prompts are kept per image and survive a reload', async ({ annotator, page }) => {
  await openAnnotator(annotator);
  const posts: Request[] = [];
  page.on('request', (request) => {
    if (isSegmentPost(request)) posts.push(request);
  });
  await clickImage(annotator, ON_OBJECT.x, ON_OBJECT.y);
  await clickImage(annotator, 0.1, 0.9, 'right');
  // Settled: the prompts on screen have their own result and nothing waits.
  await expect(page.getByRole('status')).toHaveText(/^Completed · job \d+$/, { timeout: 30_000 });
  await expect(page.getByRole('heading', { name: 'Segments', exact: true })).toBeVisible();
  const lastPost = posts.at(-1) as Request;
  const promptsBefore = bodyOf(lastPost).points;
  expect(promptsBefore).toHaveLength(2);
  const lastJobId = await jobIdOfPost(lastPost);
  await expectSettledOn(page, lastJobId);
  const postsBefore = posts.length;

  // Another image has its own (empty) prompts; coming back shows the kept prompts and their kept result, no new job.
  await annotator.fileButton('camera.png').click();
  await expect(page.getByRole('main')).toContainText('camera.png');
  await expect(page.getByRole('button', { name: 'Clear prompts' })).toBeDisabled();
  await annotator.fileButton('coffee.png').click();
  await expect(page.getByRole('main')).toContainText('coffee.png');
  await expect(page.getByRole('button', { name: 'Clear prompts' })).toBeEnabled();
  await expectSettledOn(page, lastJobId);
  expect(posts).toHaveLength(postsBefore);

  // A reload restores the prompts (from localStorage) and asks for their result again.
  const afterReload = page.waitForRequest(isSegmentPost);
  await page.reload();
  await annotator.waitForImage();
  expect(bodyOf(await afterReload).points).toEqual(promptsBefore);
  await expect(page.getByRole('button', { name: 'Undo' })).toBeEnabled();
});

test('with the browser storage full, prompts stay on screen and the user is told once', async ({ annotator, page }) => {
  await openAnnotator(annotator);
  await page.getByRole('checkbox', { name: 'Auto-segment' }).uncheck();
  // Fill localStorage with data that is not the annotator's (so pruning cannot free it) until not even a byte fits.
  await page.evaluate(() => {
    let n = 0;
    for (let size = 1 << 20; size >= 1; size = Math.floor(size / 2)) {
      for (;;) {
        try {
          localStorage.setItem(`other-app-${n}`, 'x'.repeat(size));
          n += 1;
        } catch {
          break;
        }
      }
    }
  });
  const notice = page.getByText('Your prompts could not be saved in this browser');
  await clickImage(annotator, ON_OBJECT.x, ON_OBJECT.y);
  await expect(notice).toBeVisible();
  await expect(page.getByRole('button', { name: 'Clear prompts' })).toBeEnabled();
  await clickImage(annotator, 0.1, 0.1, 'shift');
  await expect(notice).toHaveCount(1);
  await page.screenshot({ path: screenshotPath('storage-full-notice') });
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);
  await clickImage(annotator, 0.9, 0.1, 'right');
  await page.getByRole('button', { name: 'Undo' }).click(); // the session's history is intact
  await expect(page.getByRole('button', { name: 'Redo' })).toHaveAttribute('aria-disabled', 'false');
  await expect(notice).toHaveCount(0); // told once: not again after dismissing
  const post = page.waitForRequest(isSegmentPost);
  await page.getByRole('button', { name: 'Segment' }).click();
  expect(bodyOf(await post).points?.map((p) => p.label)).toEqual([1, 0]);
});

test('the box preview keeps 6/4 px screen dashes when zoomed far in', async ({ annotator, page }) => {
  await openAnnotator(annotator);
  const fitted = await annotator.view();
  for (let i = 0; i < 12; i += 1) await annotator.wheelAtNormalized({ x: 0.5, y: 0.5 }, -100);
  await expect.poll(async () => (await annotator.view()).scale).toBeGreaterThan(fitted.scale * 6);
  const view = await annotator.view();
  // Hold a box drag open around the centre, then read the overlay layer along the box's top edge.
  const from = { x: 0.48, y: 0.48 };
  const start = await annotator.pagePointFor(from);
  const end = await annotator.pagePointFor({ x: 0.53, y: 0.52 });
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(end.x, end.y, { steps: 8 });
  const stageY = view.offsetYPx + from.y * view.imageHeightPx * view.scale;
  const stageX0 = view.offsetXPx + from.x * view.imageWidthPx * view.scale;
  const widthPx = Math.floor(end.x - start.x);
  /** Lengths (CSS px) of the yellow runs along the top edge, excluding the first and last (cut by the corners). */
  const dashRuns = () =>
    annotator.canvas.evaluate(
      (region, { stageX0, stageY, widthPx }) => {
        const canvas = region.querySelectorAll('canvas')[1];
        if (!(canvas instanceof HTMLCanvasElement)) throw new Error('no overlay canvas');
        const ratio = canvas.width / canvas.getBoundingClientRect().width;
        const context = canvas.getContext('2d');
        if (context === null) throw new Error('no 2d context');
        const x0 = Math.round(stageX0 * ratio);
        const y0 = Math.round(stageY * ratio) - 2;
        const strip = context.getImageData(x0, y0, Math.floor(widthPx * ratio), 5).data;
        const columns = Math.floor(widthPx * ratio);
        const runs: number[] = [];
        let run = 0;
        for (let x = 0; x < columns; x += 1) {
          let red = 0;
          // Red weighted by alpha: the box's faint fill is yellow too, but nearly transparent.
          for (let y = 0; y < 5; y += 1) {
            const at = (y * columns + x) * 4;
            red = Math.max(red, ((strip[at] ?? 0) * (strip[at + 3] ?? 0)) / 255);
          }
          if (red > 150) run += 1;
          else if (run > 0) {
            runs.push(run / ratio);
            run = 0;
          }
        }
        return runs.slice(1);
      },
      { stageX0, stageY, widthPx },
    );
  await expect.poll(async () => (await dashRuns()).length).toBeGreaterThan(5);
  await page.screenshot({ path: screenshotPath('box-preview-zoomed-in') });
  const runs = await dashRuns();
  await page.mouse.up();
  // 6 px dashes (antialiasing can add or take a pixel at each end); divided by the scale they would be under 1 px.
  for (const run of runs) expect(run).toBeGreaterThanOrEqual(4);
  for (const run of runs) expect(run).toBeLessThanOrEqual(8);
});

test('the overlay is really on the canvas, marks carry the job and revision, and H hides it', async ({ annotator, page }) => {
  await openAnnotator(annotator);
  // Opening the image is one prompt revision, marked once (timingMarks.ts); the first click is the next revision.
  await expect.poll(() => promptRevisions(page)).toEqual([1]);
  const completed = page.waitForResponse(async (response) => {
    if (response.request().method() !== 'GET' || !response.url().includes(`${SEGMENT_PATH}/`)) return false;
    return ((await response.json()) as { status: string }).status === 'Completed';
  });
  const post = page.waitForResponse(isSegmentPostResponse);
  await clickImage(annotator, ON_OBJECT.x, ON_OBJECT.y);
  const jobId = await jobIdOf(await post);
  const job = (await (await completed).json()) as { items: Array<{ segments: Array<{ score: number; polygons: Array<{ vertices: Array<{ x: number; y: number }> }> }> }> };
  await expectOverlayFor(page, jobId);

  const marks = await page.evaluate(() =>
    ['annotator:prompt-changed', 'annotator:job-created', 'annotator:job-finished', 'annotator:overlay-rendered'].map((name) =>
      performance.getEntriesByName(name).map((mark) => ({ name, startTime: mark.startTime, detail: (mark as PerformanceMark).detail as Record<string, unknown> })),
    ),
  );
  const [promptChanged, jobCreated, jobFinished, overlayRendered] = marks;
  expect(promptChanged?.map((mark) => mark.detail.revision)).toEqual([1, 2]);
  const created = jobCreated?.find((mark) => mark.detail.jobId === jobId);
  expect(created?.detail.revision).toBe(2);
  const finished = jobFinished?.find((mark) => mark.detail.jobId === jobId);
  expect(finished?.detail.status).toBe('Completed');
  const rendered = overlayRendered?.find((mark) => mark.detail.jobId === jobId);
  expect(created && finished && rendered && created.startTime <= finished.startTime && finished.startTime <= rendered.startTime).toBe(true);

  // The best candidate's outline passes through its vertices: the overlay layer (Konva's second canvas) is painted
  // there, and not any more once the overlay is hidden.
  const best = [...(job.items[0]?.segments ?? [])].sort((a, b) => b.score - a.score)[0];
  // The vertex farthest from the click, so the point marker (same layer) cannot be what is painted there.
  const vertex = (best?.polygons[0]?.vertices ?? [])
    .map((v) => ({ v, distance: Math.hypot(v.x - ON_OBJECT.x, v.y - ON_OBJECT.y) }))
    .sort((a, b) => b.distance - a.distance)[0]?.v;
  if (!vertex) throw new Error('the job returned no polygon');
  expect((await annotator.canvasPixelAt(vertex, 1)).a).toBeGreaterThan(0);
  await page.keyboard.press('h');
  await expect.poll(async () => (await annotator.canvasPixelAt(vertex, 1)).a).toBe(0);
  await page.keyboard.press('h');
  await expect.poll(async () => (await annotator.canvasPixelAt(vertex, 1)).a).toBeGreaterThan(0);
});

test('a malformed job answer is shown as an error and loses nothing', async ({ annotator, emulator, page }) => {
  await emulator.setFaults([{ type: 'malformed', method: 'GET', path: JOB_PATH_PATTERN, times: 1 }]);
  await openAnnotator(annotator);
  await clickImage(annotator, ON_OBJECT.x, ON_OBJECT.y);
  await expect(page.getByRole('alert')).toBeVisible({ timeout: 30_000 });
  // The job itself did not fail: the page stopped waiting for it, and says so.
  await expect(page.getByRole('status')).toHaveText(/^Stopped waiting · job \d+/);
  await expect(page.getByRole('alert')).toContainText('stopped waiting');
  await expect(page.getByRole('button', { name: 'Clear prompts' })).toBeEnabled();
  const retry = page.waitForResponse(isSegmentPostResponse);
  await page.getByRole('button', { name: 'Segment' }).click();
  await expectOverlayFor(page, await jobIdOf(await retry));
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('keyboard only: place points, segment, undo, choose and hide', async ({ annotator, page }) => {
  await openAnnotator(annotator);
  await page.getByRole('checkbox', { name: 'Auto-segment' }).uncheck();
  // Tab through the toolbar to the canvas.
  for (let i = 0; i < 40; i += 1) {
    await page.keyboard.press('Tab');
    if (await annotator.canvas.evaluate((element) => element === document.activeElement)) break;
  }
  await expect(annotator.canvas).toBeFocused();
  await page.keyboard.press('p'); // positive point at the keyboard cursor (the centre)
  await page.keyboard.press('Shift+ArrowLeft');
  await page.keyboard.press('n'); // negative point 50 px to the left
  await page.keyboard.press('Control+z'); // …undone
  const post = page.waitForResponse(isSegmentPostResponse);
  await page.keyboard.press('Enter');
  const response = await post;
  const body = bodyOf(response.request());
  expect(body.points).toEqual([{ x: 0.5, y: 0.5, label: 1 }]);
  await expectOverlayFor(page, await jobIdOf(response));
  await page.keyboard.press('h');
  await expect(page.getByRole('button', { name: 'Hide overlay' })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts and gestures' });
  await expect(help).toBeVisible();
  await page.screenshot({ path: screenshotPath('shortcuts-help') });
  // Escape closes the help; `?` opens and closes it again.
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await page.keyboard.press('?');
  await expect(help).toBeVisible();
  await page.keyboard.press('?');
  await expect(help).toBeHidden();
});

test('no serious or critical accessibility violations, with a result on screen', async ({ annotator, page }) => {
  await openAnnotator(annotator);
  const post = page.waitForResponse(isSegmentPostResponse);
  await clickImage(annotator, ON_OBJECT.x, ON_OBJECT.y);
  await expectOverlayFor(page, await jobIdOf(await post));
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
});
