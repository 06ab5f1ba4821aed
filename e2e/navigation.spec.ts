/**
 * Moving between images with one key and no waiting: D / A and the image list's arrows, the canvas showing the new
 * photo (pixels compared with it), and, as figures rather than assertions, the time from the key press to the image
 * drawn (`annotator:image-shown`) for a prefetched neighbour vs a cold image.
 */
import { expect, test, type AnnotatorPage, type EmulatorControl } from './fixtures';
import type { Page } from '@playwright/test';

/** The listed image names in order, with their ids from the emulator. */
async function listedFiles(annotator: AnnotatorPage, emulator: EmulatorControl): Promise<Array<{ id: number; name: string }>> {
  await expect(annotator.fileList.getByRole('listitem').first()).toBeVisible();
  const names = await annotator.fileList.locator('.file-name').allTextContents();
  const listed = await emulator.cdfPost<{ items: Array<{ id: number; name: string; mimeType?: string }> }>('files/list', { limit: 1000 });
  return names.map((name) => {
    const file = listed.items.find((item) => item.name === name);
    if (file === undefined) throw new Error(`${name} is not in the emulator`);
    return { id: file.id, name };
  });
}

/** Records, from page load, the time of every keydown and every "loading" message put on the canvas. */
async function recordTimings(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const state = { keys: [] as Array<{ key: string; at: number }>, messages: [] as Array<{ text: string; at: number }> };
    Object.assign(window, { __navTimings: state });
    window.addEventListener('keydown', (event) => state.keys.push({ key: event.key, at: event.timeStamp }), { capture: true });
    new MutationObserver((records) => {
      for (const record of records)
        for (const node of record.addedNodes)
          if (node instanceof HTMLElement) {
            const message = node.matches('.canvas-message') ? node : node.querySelector('.canvas-message');
            if (message !== null) state.messages.push({ text: message.textContent ?? '', at: performance.now() });
          }
    }).observe(document, { childList: true, subtree: true });
  });
}

/** Waits for the image-shown mark of `fileId` after the last `key` press; returns key → drawn (ms) and the messages shown in between. */
async function keyToShown(page: Page, key: string, fileId: number): Promise<{ ms: number; messages: string[] }> {
  const handle = await page.waitForFunction(
    ({ key, fileId }) => {
      const state = (window as unknown as { __navTimings: { keys: Array<{ key: string; at: number }>; messages: Array<{ text: string; at: number }> } }).__navTimings;
      const pressed = state.keys.filter((entry) => entry.key === key).at(-1);
      if (pressed === undefined) return null;
      const shown = performance
        .getEntriesByName('annotator:image-shown')
        .find((entry) => entry.startTime >= pressed.at && ((entry as PerformanceMark).detail as { fileId?: number } | null)?.fileId === fileId);
      if (shown === undefined) return null;
      return {
        ms: shown.startTime - pressed.at,
        messages: state.messages.filter((message) => message.at >= pressed.at && message.at <= shown.startTime).map((message) => message.text),
      };
    },
    { key, fileId },
  );
  return (await handle.jsonValue()) as { ms: number; messages: string[] };
}

async function waitForPrefetched(page: Page, fileId: number): Promise<void> {
  await page.waitForFunction(
    (fileId) => performance.getEntriesByName('annotator:image-prefetched').some((entry) => ((entry as PerformanceMark).detail as { fileId?: number } | null)?.fileId === fileId),
    fileId,
  );
}

const p50 = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
};

test('D and A open the next and previous image; the canvas shows the new photo', async ({ annotator, emulator, page }) => {
  await annotator.openImage();
  const files = await listedFiles(annotator, emulator);
  const [first, second] = files;
  if (first === undefined || second === undefined) throw new Error('need two images');
  await expect(annotator.fileButton(first.name)).toHaveAttribute('aria-current', 'true');

  await page.keyboard.press('d');
  await expect(page).toHaveURL(new RegExp(`fileId=${second.id}(&|$)`));
  await expect(annotator.fileButton(second.name)).toHaveAttribute('aria-current', 'true');
  await expect(page.locator('.canvas-caption')).toContainText(second.name);
  await annotator.waitForImage();
  expect(await annotator.meanPixelErrorAgainst(await emulator.downloadUrl(second.id))).toBeLessThan(12);

  // With the canvas focused too (its own keys leave D / A alone), and no wrap-around at the start.
  await annotator.canvas.focus();
  await page.keyboard.press('a');
  await expect(page.locator('.canvas-caption')).toContainText(first.name);
  await annotator.waitForImage();
  expect(await annotator.meanPixelErrorAgainst(await emulator.downloadUrl(first.id))).toBeLessThan(12);
  await page.keyboard.press('A');
  await expect(page).toHaveURL(new RegExp(`fileId=${first.id}(&|$)`));
  // A positive signal after it: D opens the second image. Had A wrapped around to the last image, D would stay there
  // (no wrap at the end either), so this needs more than two images.
  expect(files.length).toBeGreaterThan(2);
  await page.keyboard.press('d');
  await expect(page).toHaveURL(new RegExp(`fileId=${second.id}(&|$)`));
  await expect(annotator.fileButton(second.name)).toHaveAttribute('aria-current', 'true');
});

test('the image list moves with ↑ / ↓ / Home / End, with one tab stop, keeping the open row in view', async ({ annotator, emulator, page }) => {
  await page.setViewportSize({ width: 1280, height: 420 });
  await annotator.openImage();
  const files = await listedFiles(annotator, emulator);
  const [first, second] = files;
  const last = files.at(-1);
  if (first === undefined || second === undefined || last === undefined) throw new Error('need images');
  await expect(annotator.fileList.locator('button[tabindex="0"]')).toHaveCount(1);

  await annotator.fileButton(first.name).focus();
  await page.keyboard.press('ArrowDown');
  await expect(annotator.fileButton(second.name)).toHaveAttribute('aria-current', 'true');
  await expect(annotator.fileButton(second.name)).toBeFocused();
  await expect(annotator.fileButton(second.name)).toHaveAttribute('tabindex', '0');
  await expect(annotator.fileButton(first.name)).toHaveAttribute('tabindex', '-1');
  await expect(page.locator('.canvas-caption')).toContainText(second.name);

  await page.keyboard.press('End');
  await expect(annotator.fileButton(last.name)).toHaveAttribute('aria-current', 'true');
  await expect(annotator.fileButton(last.name)).toBeFocused();
  await expect(annotator.fileButton(last.name)).toBeInViewport();
  await annotator.waitForImage();
  expect(await annotator.meanPixelErrorAgainst(await emulator.downloadUrl(last.id))).toBeLessThan(12);

  // D from the list moves the focus along, and the row stays in view.
  await page.keyboard.press('Home');
  await expect(annotator.fileButton(first.name)).toBeFocused();
  await expect(annotator.fileButton(first.name)).toBeInViewport();
  await page.keyboard.press('d');
  await expect(annotator.fileButton(second.name)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(annotator.fileButton(first.name)).toHaveAttribute('aria-current', 'true');
});

test('a prefetched neighbour is drawn without a load (figures: key → image drawn, prefetched vs cold)', async ({ annotator, emulator, page }) => {
  await recordTimings(page);
  await annotator.openImage();
  const files = await listedFiles(annotator, emulator);
  // The same target both ways: the 4th image (coffee.png in the seed), a neighbour of the 3rd, not of the 1st.
  const [first, , before, target] = files;
  if (first === undefined || before === undefined || target === undefined) throw new Error('need four images');
  const runs = Number(process.env.NAV_RUNS ?? 5);
  const warm: number[] = [];
  const cold: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    // Prefetched: open the image before the target, wait until the target is decoded ahead, press D.
    await annotator.openImage({ fileId: String(before.id) });
    await waitForPrefetched(page, target.id);
    await page.keyboard.press('d');
    const prefetched = await keyToShown(page, 'd', target.id);
    expect(prefetched.messages, 'no "Downloading…" or "Decoding…" between the key and the image').toEqual([]);
    warm.push(prefetched.ms);
    if (run === 0) expect(await annotator.meanPixelErrorAgainst(await emulator.downloadUrl(target.id))).toBeLessThan(12);

    // Cold: open the first image (the target is not its neighbour), let its prefetch settle, then Enter on the
    // target's row.
    await annotator.openImage({ fileId: String(first.id) });
    const firstNeighbour = files[1];
    if (firstNeighbour !== undefined) await waitForPrefetched(page, firstNeighbour.id);
    await annotator.fileButton(target.name).focus();
    await page.keyboard.press('Enter');
    const coldRun = await keyToShown(page, 'Enter', target.id);
    expect(coldRun.messages.length).toBeGreaterThan(0);
    cold.push(coldRun.ms);
    await annotator.waitForImage();
    if (run === 0) expect(await annotator.meanPixelErrorAgainst(await emulator.downloadUrl(target.id))).toBeLessThan(12);
  }
  const figures = `key → image drawn for ${target.name}, ${runs} runs: prefetched p50 ${p50(warm).toFixed(1)} ms [${warm.map((ms) => ms.toFixed(1)).join(', ')}]; cold p50 ${p50(cold).toFixed(1)} ms [${cold.map((ms) => ms.toFixed(1)).join(', ')}]`;
  console.log(figures);
  test.info().annotations.push({ type: 'figures', description: figures });
});
