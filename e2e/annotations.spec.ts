/**
 * Labelling and saving against the real emulator: save by button and by S, reload, approve / reject / delete (+ Ctrl+Z),
 * faults on the create call (503 × 3, an answer lost after the work was done, a reload while failing), a too-long label.
 * "Exactly one" is read from the emulator's `/annotations/list`, not from the app.
 */
import type { Page } from '@playwright/test';
import { expect, test, type AnnotatorPage, type EmulatorControl } from './fixtures';

const FILE_EXTERNAL_ID = 'sample:coffee';
const ANNOTATIONS_PATH = '/api/v1/projects/demo/annotations';
const ON_OBJECT = { x: 0.45, y: 0.45 } as const;
const screenshotDir = '/tmp/ann-ui';

interface ListedAnnotation {
  id: number;
  status: string;
  data: { label: string; polygon?: { vertices: unknown[] } };
}

async function listed(emulator: EmulatorControl, fileId: number): Promise<ListedAnnotation[]> {
  const answer = await emulator.cdfPost<{ items: ListedAnnotation[] }>('annotations/list', {
    filter: { annotatedResourceType: 'file', annotatedResourceIds: [{ id: fileId }] },
    limit: 1000,
  });
  return answer.items;
}

/** Deletes every annotation of the file: the emulator keeps them between tests. */
async function clearAnnotations(emulator: EmulatorControl, fileId: number): Promise<void> {
  const ids = (await listed(emulator, fileId)).map((annotation) => ({ id: annotation.id }));
  if (ids.length > 0) await emulator.cdfPost('annotations/delete', { items: ids });
}

const annotationsList = (page: Page) => page.getByRole('list', { name: 'Annotations' });
const savedMarks = (page: Page) => page.evaluate(() => performance.getEntriesByName('annotator:annotation-saved').length);

test('a save refused for an empty label: the message goes as soon as a label is typed, and the save then works', async ({ annotator, emulator, page }) => {
  await annotator.openImage({ fileExternalId: FILE_EXTERNAL_ID });
  await segmentObject(annotator);
  const field = page.getByRole('combobox', { name: 'Label' });
  await field.fill('');
  // Tab closes the suggestion list, which would cover the button.
  await field.press('Tab');
  await page.getByRole('button', { name: 'Save annotation' }).click();
  const refusal = page.getByRole('alert').filter({ hasText: 'Type a label before saving.' });
  await expect(refusal).toBeVisible();
  await chooseLabel(page, 'cup');
  await expect(refusal).toHaveCount(0);
  await page.getByRole('button', { name: 'Save annotation' }).click();
  await expect(annotationsList(page).getByRole('listitem')).toHaveCount(1);
  await expect.poll(async () => (await listed(emulator, fileId)).length).toBe(1);
});

/** Places a point on the cup and waits until its result can be saved. */
async function segmentObject(annotator: AnnotatorPage, point: { x: number; y: number } = ON_OBJECT): Promise<void> {
  await annotator.clickAtNormalized(point.x, point.y);
  await expect(annotator.page.getByRole('button', { name: 'Save annotation' })).not.toHaveAttribute('aria-disabled', 'true', { timeout: 30_000 });
}

async function chooseLabel(page: Page, label: string): Promise<void> {
  const field = page.getByRole('combobox', { name: 'Label' });
  await field.fill(label);
  await field.press('Enter');
}

let fileId: number;
test.beforeEach(async ({ emulator }) => {
  fileId = (await emulator.fileByExternalId(FILE_EXTERNAL_ID)).id;
  await clearAnnotations(emulator, fileId);
});

test('save by button and by S; a reload lists them; labels and counts show', async ({ annotator, emulator, page }) => {
  await annotator.openImage({ fileExternalId: FILE_EXTERNAL_ID });
  const save = page.getByRole('button', { name: 'Save annotation' });
  await expect(save).toHaveAttribute('aria-disabled', 'true');
  await segmentObject(annotator);
  await chooseLabel(page, 'cup');
  await save.click();
  await expect(annotationsList(page).getByRole('listitem')).toHaveCount(1);
  await expect(annotationsList(page).getByRole('listitem').first()).toContainText('cup');
  await expect.poll(() => savedMarks(page)).toBe(1);
  // Prompts cleared: the button waits for a new result.
  await expect(save).toHaveAttribute('aria-disabled', 'true');

  await segmentObject(annotator, { x: 0.5, y: 0.8 });
  // L focuses the label; the last label stays chosen until changed.
  await page.keyboard.press('l');
  await expect(page.getByRole('combobox', { name: 'Label' })).toBeFocused();
  await expect(page.getByRole('combobox', { name: 'Label' })).toHaveValue('cup');
  await page.getByRole('combobox', { name: 'Label' }).fill('saucer');
  await page.keyboard.press('Enter');
  await page.keyboard.press('s');
  await expect(annotationsList(page).getByRole('listitem')).toHaveCount(2);
  await expect.poll(() => savedMarks(page)).toBe(2);

  const inCdf = await listed(emulator, fileId);
  expect(inCdf.map((annotation) => annotation.data.label).sort()).toEqual(['cup', 'saucer']);
  expect(inCdf.every((annotation) => (annotation.data.polygon?.vertices.length ?? 0) >= 3)).toBe(true);
  await expect(annotator.fileButton('coffee.png')).toContainText('2 annotations');

  await page.reload();
  await annotator.waitForImage();
  await expect(annotationsList(page).getByRole('listitem')).toHaveCount(2);
  await expect(annotationsList(page)).toContainText('cup');
  await expect(annotationsList(page)).toContainText('saucer');
  await page.getByRole('listitem').filter({ hasText: 'saucer' }).getByRole('button', { name: /saucer/ }).click();
  await page.screenshot({ path: `${screenshotDir}/labelled.png` });
});

test('approve, reject, delete and Ctrl+Z restore', async ({ annotator, emulator, page }) => {
  await annotator.openImage({ fileExternalId: FILE_EXTERNAL_ID });
  await segmentObject(annotator);
  await chooseLabel(page, 'cup');
  await page.keyboard.press('s');
  const row = annotationsList(page).getByRole('listitem').first();
  await expect(row).toContainText('approved');
  await expect(row).not.toContainText('Saving…');
  await row.getByRole('button', { name: 'Reject', exact: true }).click();
  await expect.poll(async () => (await listed(emulator, fileId))[0]?.status).toBe('rejected');
  await row.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect.poll(async () => (await listed(emulator, fileId))[0]?.status).toBe('approved');
  await row.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(annotationsList(page).getByRole('listitem')).toHaveCount(0);
  await expect.poll(async () => (await listed(emulator, fileId)).length).toBe(0);
  // Ctrl+Z right after the delete brings it back, re-created in CDF.
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('Control+z');
  await expect(annotationsList(page).getByRole('listitem')).toHaveCount(1);
  await expect.poll(async () => (await listed(emulator, fileId)).map((annotation) => annotation.data.label)).toEqual(['cup']);
});

test('503 three times, then success: exactly one annotation', async ({ annotator, emulator, page }) => {
  await annotator.openImage({ fileExternalId: FILE_EXTERNAL_ID });
  await segmentObject(annotator);
  await emulator.setFaults([{ type: 'http', method: 'POST', path: ANNOTATIONS_PATH, status: 503, times: 3, message: 'Injected 503' }]);
  await page.keyboard.press('s');
  await expect(annotationsList(page)).toContainText(/Saving…|Not saved · retrying/);
  await expect.poll(() => savedMarks(page), { timeout: 30_000 }).toBe(1);
  await expect(annotationsList(page)).not.toContainText('Not saved');
  expect(await listed(emulator, fileId)).toHaveLength(1);
});

test('an answer lost after the work was done (afterProcessing 502): exactly one annotation', async ({ annotator, emulator, page }) => {
  await annotator.openImage({ fileExternalId: FILE_EXTERNAL_ID });
  await segmentObject(annotator);
  await emulator.setFaults([{ type: 'http', method: 'POST', path: ANNOTATIONS_PATH, status: 502, times: 1, afterProcessing: true, message: 'Injected lost answer' }]);
  await page.keyboard.press('s');
  await expect.poll(() => savedMarks(page), { timeout: 30_000 }).toBe(1);
  expect(await listed(emulator, fileId)).toHaveLength(1);
  await expect(annotationsList(page).getByRole('listitem')).toHaveCount(1);
});

test('a pending save survives a reload while CDF fails, and lands exactly once after recovery', async ({ annotator, emulator, page }) => {
  await annotator.openImage({ fileExternalId: FILE_EXTERNAL_ID });
  await segmentObject(annotator);
  await emulator.setFaults([{ type: 'http', method: 'POST', path: ANNOTATIONS_PATH, status: 503, times: 1000, message: 'Injected outage' }]);
  await page.keyboard.press('s');
  await expect(annotationsList(page)).toContainText('Not saved · retrying', { timeout: 30_000 });
  await page.screenshot({ path: `${screenshotDir}/retrying.png` });
  // Leaving asks first (beforeunload); accept it.
  page.on('dialog', (dialog) => void dialog.accept());
  await page.reload();
  await annotator.waitForImage();
  await expect(annotationsList(page).getByRole('listitem')).toHaveCount(1);
  await expect(annotationsList(page)).toContainText(/Saving…|Not saved · retrying/);
  await emulator.setFaults([]);
  await expect.poll(() => savedMarks(page), { timeout: 60_000 }).toBe(1);
  await expect.poll(async () => (await listed(emulator, fileId)).length).toBe(1);
  await expect(annotationsList(page).getByRole('listitem')).toHaveCount(1);
});

test('a 200-character label: a clear message, nothing saved', async ({ annotator, emulator, page }) => {
  await annotator.openImage({ fileExternalId: FILE_EXTERNAL_ID });
  await segmentObject(annotator);
  await chooseLabel(page, 'x'.repeat(200));
  await expect(page.getByRole('alert').filter({ hasText: 'at most 128 characters' })).toBeVisible();
  await page.keyboard.press('s');
  await page.getByRole('button', { name: 'Save annotation' }).click();
  await expect(annotationsList(page).getByRole('listitem')).toHaveCount(0);
  // The prompts stay: nothing was lost either.
  await expect(page.getByRole('button', { name: 'Save annotation' })).not.toHaveAttribute('aria-disabled', 'true');
  expect(await listed(emulator, fileId)).toHaveLength(0);
});
