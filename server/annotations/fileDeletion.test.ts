/**
 * A deleted file's annotations go with it (`POST /files/delete`), and the file's record, bytes and links with it.
 */
import { CogniteClient } from '@cognite/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Annotation } from '../../contract';
import { OTHER_SAMPLE_FILE_ID, objectDetectionItem } from '../testing/annotationItems';
import { assertCdfError } from '../testing/openapi';
import { startEmulator, type StartedEmulator } from '../testing/startEmulator';

let emulator: StartedEmulator;
let client: CogniteClient;
beforeAll(async () => {
  emulator = await startEmulator();
  client = new CogniteClient({
    appId: 'emulator-file-deletion-test',
    project: emulator.config.project,
    baseUrl: emulator.baseUrl,
    oidcTokenProvider: () => Promise.resolve(emulator.config.token),
  });
});
afterAll(async () => {
  await emulator.close();
});

async function annotate(fileId: number): Promise<Annotation[]> {
  const response = await emulator.request('POST', '/annotations', {
    body: { items: [objectDetectionItem({ annotatedResourceId: fileId }), objectDetectionItem({ annotatedResourceId: fileId })] },
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { items: Annotation[] }).items;
}

describe('deleting a file', () => {
  it('removes the file, its bytes and its annotations, and nothing else', async () => {
    const file = await emulator.uploadFile({ name: 'doomed.png', externalId: 'test:doomed', mimeType: 'image/png' }, 'not really a png');
    const doomed = await annotate(file.id);
    const kept = await annotate(OTHER_SAMPLE_FILE_ID);
    const link = (await client.files.getDownloadUrls([{ id: file.id }]))[0]?.downloadUrl ?? '';

    await client.files.delete([{ externalId: 'test:doomed' }]);

    expect(await client.files.retrieve([{ id: file.id }], { ignoreUnknownIds: true })).toEqual([]);
    expect((await fetch(link)).status).toBe(404);
    const byIds = await client.annotations.retrieve(doomed.map(({ id }) => ({ id }))).then(
      () => 'found',
      (error: unknown) => error,
    );
    expect((byIds as { errors?: Array<{ missing?: unknown }> }).errors?.[0]?.missing).toEqual(doomed.map(({ id }) => ({ id })));
    expect(await client.annotations.retrieve(kept.map(({ id }) => ({ id })))).toHaveLength(2);
  });

  it('answers unknown files with 400 and missing, deleting nothing', async () => {
    const kept = await annotate(OTHER_SAMPLE_FILE_ID);
    const response = await emulator.request('POST', '/files/delete', { body: { items: [{ id: OTHER_SAMPLE_FILE_ID }, { id: 5 }] } });
    expect(response.status).toBe(400);
    const body: unknown = await response.json();
    assertCdfError(body);
    expect(body).toMatchObject({ error: { missing: [{ id: 5 }] } });
    expect(emulator.context.files.getInfo(OTHER_SAMPLE_FILE_ID)).toBeDefined();
    expect(emulator.context.annotations.get(kept[0]?.id ?? 0)).toBeDefined();
    const bad = await emulator.request('POST', '/files/delete', { body: { items: [] } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/items: items must hold between 1 and 1000/);
  });
});
