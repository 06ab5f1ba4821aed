import { describe, expect, it } from 'vitest';
import { createAnnotations, deleteAnnotations, listAnnotationsOfFiles, listFileAnnotations, retrieveAnnotations, updateAnnotationStatus } from './annotations';
import { createCdfClient } from './client';
import { CdfError } from './errors';

const annotation = (id: number, label = 'pump') => ({
  id,
  createdTime: 1,
  lastUpdatedTime: 2,
  annotatedResourceType: 'file',
  annotatedResourceId: 7,
  annotationType: 'images.ObjectDetection',
  creatingApp: 'app',
  creatingAppVersion: '1.0.0',
  creatingUser: null,
  status: 'approved',
  data: { label },
});

/** A fake CDF answering from `route`, recording each request. */
function fakeCdf(route: (path: string, body: unknown) => { status?: number; body: string }) {
  const seen: Array<{ path: string; body: unknown }> = [];
  const client = createCdfClient({
    baseUrl: 'http://cdf.test',
    project: 'demo',
    getToken: () => Promise.resolve('t'),
    sleep: () => Promise.resolve(),
    fetch: (input, init) => {
      const path = new URL(input instanceof Request ? input.url : input.toString()).pathname.replace('/api/v1/projects/demo/', '');
      const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
      seen.push({ path, body });
      const answer = route(path, body);
      return Promise.resolve(new Response(answer.body, { status: answer.status ?? 200 }));
    },
  });
  return { client, seen };
}

const signal = new AbortController().signal;
const json = (value: unknown) => ({ body: JSON.stringify(value) });

describe('annotations endpoints', () => {
  it('lists a file page by page until nextCursor ends, with the filter and the largest limit', async () => {
    const { client, seen } = fakeCdf((_path, body) => {
      const cursor = (body as { cursor?: string }).cursor;
      return cursor === undefined ? json({ items: [annotation(1)], nextCursor: 'c2' }) : json({ items: [annotation(2)], nextCursor: null });
    });
    const listed = await listFileAnnotations(client, 7, signal, { creatingApp: 'app' });
    expect(listed.map((a) => a.id)).toEqual([1, 2]);
    expect(seen.map((call) => call.path)).toEqual(['annotations/list', 'annotations/list']);
    expect(seen[0]?.body).toEqual({ filter: { annotatedResourceType: 'file', annotatedResourceIds: [{ id: 7 }], creatingApp: 'app' }, limit: 1000 });
    expect(seen[1]?.body).toMatchObject({ cursor: 'c2' });
  });

  it('lists many files in chunks of 1000 ids', async () => {
    const { client, seen } = fakeCdf(() => json({ items: [annotation(seen.length)], nextCursor: null }));
    const fileIds = Array.from({ length: 1500 }, (_, index) => index + 1);
    expect(await listAnnotationsOfFiles(client, fileIds, signal)).toHaveLength(2);
    const chunks = seen.map((call) => (call.body as { filter: { annotatedResourceIds: unknown[] } }).filter.annotatedResourceIds.length);
    expect(chunks).toEqual([1000, 500]);
    expect(await listAnnotationsOfFiles(client, [], signal)).toEqual([]);
  });

  it('creates, retrieves, updates the status and deletes with the bodies CDF expects', async () => {
    const { client, seen } = fakeCdf((path) => (path === 'annotations/delete' ? { body: '' } : json({ items: [annotation(5)] })));
    const created = await createAnnotations(
      client,
      [{ annotatedResourceType: 'file', annotatedResourceId: 7, annotationType: 'images.ObjectDetection', creatingApp: 'app', creatingAppVersion: '1.0.0', creatingUser: null, status: 'approved', data: { label: 'pump', boundingBox: { xMin: 0, xMax: 1, yMin: 0, yMax: 1 } } }],
      signal,
    );
    expect(created[0]?.id).toBe(5);
    await retrieveAnnotations(client, [5], signal, { ignoreUnknownIds: true });
    await updateAnnotationStatus(client, [{ id: 5, status: 'rejected' }], signal);
    await deleteAnnotations(client, [5], signal);
    expect(seen.map((call) => [call.path, call.body])).toEqual([
      ['annotations', { items: [expect.objectContaining({ annotatedResourceId: 7 })] }],
      ['annotations/byids', { items: [{ id: 5 }], ignoreUnknownIds: true }],
      ['annotations/update', { items: [{ id: 5, update: { status: { set: 'rejected' } } }] }],
      ['annotations/delete', { items: [{ id: 5 }] }],
    ]);
  });

  it('does not retry a 5xx on create (the outbox reconciles instead) and surfaces it as a CdfError', async () => {
    const { client, seen } = fakeCdf(() => ({ status: 503, body: JSON.stringify({ error: { code: 503, message: 'Service unavailable' } }) }));
    await expect(createAnnotations(client, [], signal)).rejects.toThrow(RangeError);
    const item = { annotatedResourceType: 'file' as const, annotatedResourceId: 7, annotationType: 'images.ObjectDetection' as const, creatingApp: 'app', creatingAppVersion: '1.0.0', creatingUser: null, status: 'approved' as const, data: { label: 'pump', boundingBox: { xMin: 0, xMax: 1, yMin: 0, yMax: 1 } } };
    const failure = await createAnnotations(client, [item], signal).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CdfError);
    expect((failure as CdfError).status).toBe(503);
    expect(seen).toHaveLength(1);
  });

  it('rejects an answer that breaks the schema', async () => {
    const { client } = fakeCdf(() => json({ items: [{ id: 'x' }] }));
    await expect(retrieveAnnotations(client, [1], signal)).rejects.toMatchObject({ kind: 'invalid-response' });
  });
});
