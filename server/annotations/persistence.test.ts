/**
 * Annotations survive a restart on the same data directory, updates and deletions included; ids keep counting up
 * instead of being reused; a corrupt document stops start-up with a message naming the file.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Annotation } from '../../contract';
import { objectDetectionItem } from '../testing/annotationItems';
import { startEmulator } from '../testing/startEmulator';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'cdf-emulator-annotations-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

describe('annotation persistence', () => {
  it('keeps created, updated and deleted state across a restart', async () => {
    const first = await startEmulator({ dataDir });
    const { items } = await json<{ items: Annotation[] }>(
      await first.request('POST', '/annotations', { body: { items: [objectDetectionItem(), objectDetectionItem({}, { label: 'valve' })] } }),
    );
    const [kept, deleted] = items;
    await json(await first.request('POST', '/annotations/update', { body: { items: [{ id: kept?.id, update: { status: { set: 'rejected' } } }] } }));
    await json(await first.request('POST', '/annotations/delete', { body: { items: [{ id: deleted?.id }] } }));
    const keptNow = first.context.annotations.get(kept?.id ?? 0);
    await first.close();

    const second = await startEmulator({ dataDir });
    try {
      expect(await json<Annotation>(await second.request('GET', `/annotations/${kept?.id}`))).toEqual(keptNow);
      expect(second.context.annotations.get(deleted?.id ?? 0)).toBeUndefined();
      const { items: next } = await json<{ items: Annotation[] }>(
        await second.request('POST', '/annotations', { body: { items: [objectDetectionItem()] } }),
      );
      expect(next[0]?.id).toBeGreaterThan(deleted?.id ?? Number.POSITIVE_INFINITY);
    } finally {
      await second.close();
    }
  });

  it('refuses to start on a corrupt annotations document, naming it', async () => {
    await startEmulator({ dataDir }).then((emulator) => emulator.close());
    const documentPath = path.join(dataDir, 'annotations', 'annotations.json');
    await writeFile(documentPath, '{"formatVersion": 1, "nextId": 1, "annotations": [{"id": "x"}]}');
    await expect(startEmulator({ dataDir })).rejects.toThrow(/annotations\.json does not hold emulator annotations: annotations\[0\]\.id/);
    await writeFile(documentPath, '{not json');
    await expect(startEmulator({ dataDir })).rejects.toThrow(/annotations\.json is not valid JSON/);
  });
});
