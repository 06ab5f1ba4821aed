/**
 * The official `@cognite/sdk` as the reference client of the annotations API: create, suggest, list (with paging),
 * retrieve, update and delete must work against the emulator as against CDF, and bad input must reach the SDK as a
 * CogniteError naming the field.
 */
import { CogniteClient, CogniteError, type AnnotationCreate } from '@cognite/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_FILE_ID, TRIANGLE } from '../testing/annotationItems';
import { startEmulator, type StartedEmulator } from '../testing/startEmulator';

let emulator: StartedEmulator;
let client: CogniteClient;
beforeAll(async () => {
  emulator = await startEmulator();
  client = new CogniteClient({
    appId: 'emulator-annotations-test',
    project: emulator.config.project,
    baseUrl: emulator.baseUrl,
    oidcTokenProvider: () => Promise.resolve(emulator.config.token),
  });
});
afterAll(async () => {
  await emulator.close();
});

const item = (label: string): AnnotationCreate => ({
  annotatedResourceType: 'file',
  annotatedResourceId: SAMPLE_FILE_ID,
  annotationType: 'images.ObjectDetection',
  creatingApp: 'sdk-test',
  creatingAppVersion: '1.0.0',
  creatingUser: null,
  status: 'approved',
  data: { label, confidence: 0.8, polygon: { vertices: TRIANGLE } },
});

describe('@cognite/sdk annotations against the emulator', () => {
  it('creates, lists page by page, retrieves, updates and deletes', async () => {
    const created = await client.annotations.create(['pump', 'valve', 'pipe'].map(item));
    expect(created.map((annotation) => annotation.data)).toEqual(['pump', 'valve', 'pipe'].map((label) => item(label).data));
    // The SDK turns the times into Dates, so they must have been epoch numbers.
    expect(created[0]?.createdTime).toBeInstanceOf(Date);

    const filter = { annotatedResourceType: 'file' as const, annotatedResourceIds: [{ id: SAMPLE_FILE_ID }], creatingApp: 'sdk-test' };
    const listed = await client.annotations.list({ filter, limit: 2 }).autoPagingToArray({ limit: 100 });
    expect(listed.map((annotation) => annotation.id)).toEqual(created.map((annotation) => annotation.id));

    const ids = created.map(({ id }) => ({ id }));
    const retrieved = await client.annotations.retrieve([ids[1] ?? { id: 0 }]);
    expect(retrieved[0]?.data).toEqual(item('valve').data);

    const [updated] = await client.annotations.update([{ id: ids[0]?.id ?? 0, update: { status: { set: 'rejected' } } }]);
    expect(updated?.status).toBe('rejected');
    expect(updated?.lastUpdatedTime.getTime()).toBeGreaterThanOrEqual(updated?.createdTime.getTime() ?? Number.NaN);

    await client.annotations.delete(ids);
    expect(await client.annotations.list({ filter }).autoPagingToArray()).toEqual([]);
  });

  it('suggests with status "suggested"', async () => {
    const { status: _status, ...suggestion } = item('gauge');
    const [suggested] = await client.annotations.suggest([suggestion]);
    expect(suggested?.status).toBe('suggested');
  });

  it('reports bad input as a CogniteError naming the field', async () => {
    const bad = { ...item('x'), data: { label: 'x', polygon: { vertices: TRIANGLE.slice(0, 2) } } };
    const failure = await client.annotations.create([bad]).then(
      () => undefined,
      (error: unknown) => error,
    );
    // The resource API wraps the CogniteError of each chunk in a CogniteMultiError.
    const cause = (failure as { errors?: unknown[] } | undefined)?.errors?.[0];
    expect(cause).toBeInstanceOf(CogniteError);
    expect((cause as CogniteError).status).toBe(400);
    expect((cause as CogniteError).message).toMatch(/items\[0\]\.data\.polygon\.vertices: a polygon needs at least 3 vertices/);
  });
});
