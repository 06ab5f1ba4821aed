import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCdfClient } from './client';
import { downloadFileBytes, fetchImageSource, getDownloadUrl, listImageFiles, retrieveFile } from './files';
import { fileQueries } from './queries';
import { createSegmentJob, getSegmentJob } from './segment';

const file = (id: number, name: string, mimeType: string) => ({ id, name, mimeType, uploaded: true, createdTime: 0, lastUpdatedTime: 0 });

/** A tiny fake of the CDF routes the endpoint functions call, recording each request. */
function fakeCdf(route: (method: string, url: URL, body: unknown) => unknown) {
  const seen: Array<{ method: string; url: URL; body: unknown; headers: Headers }> = [];
  const client = createCdfClient({
    baseUrl: 'http://cdf.test',
    project: 'demo',
    getToken: () => Promise.resolve('t'),
    fetch: (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input.toString());
      const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
      const method = init?.method ?? 'GET';
      seen.push({ method, url, body, headers: new Headers(init?.headers) });
      return Promise.resolve(new Response(JSON.stringify(route(method, url, body)), { status: 200 }));
    },
  });
  return { client, seen };
}

const signal = new AbortController().signal;

describe('listImageFiles', () => {
  it('lists JPEG and PNG separately, follows cursors, and merges sorted by name', async () => {
    const { client, seen } = fakeCdf((_method, _url, body) => {
      const request = body as { filter: { mimeType: string }; cursor?: string };
      if (request.filter.mimeType === 'image/png') return { items: [file(3, 'b.png', 'image/png')] };
      if (request.cursor === undefined) return { items: [file(2, 'c.jpg', 'image/jpeg')], nextCursor: 'page2' };
      return { items: [file(1, 'a.jpg', 'image/jpeg')] };
    });
    const result = await listImageFiles(client, signal);
    expect(result.files.map((f) => f.name)).toEqual(['a.jpg', 'b.png', 'c.jpg']);
    expect(result.truncated).toBe(false);
    expect(seen).toHaveLength(3);
    expect(seen.every((call) => call.url.pathname === '/api/v1/projects/demo/files/list')).toBe(true);
    expect(seen.map((call) => call.body)).toContainEqual({ filter: { mimeType: 'image/jpeg', uploaded: true }, limit: 1000 });
    expect(seen.map((call) => call.body)).toContainEqual({ filter: { mimeType: 'image/png', uploaded: true }, limit: 1000 });
  });
});

describe('retrieveFile and getDownloadUrl', () => {
  it('asks byids for an externalId and downloadlink with extended expiration', async () => {
    const { client, seen } = fakeCdf((_method, url) =>
      url.pathname.endsWith('byids') ? { items: [file(7, 'coffee.jpg', 'image/jpeg')] } : { items: [{ id: 7, downloadUrl: 'http://cdf.test/dl/7' }] },
    );
    expect((await retrieveFile(client, { externalId: 'sample:coffee' }, signal)).id).toBe(7);
    expect(seen[0]?.body).toEqual({ items: [{ externalId: 'sample:coffee' }], ignoreUnknownIds: false });
    expect(await getDownloadUrl(client, 7, signal)).toBe('http://cdf.test/dl/7');
    expect(seen[1]?.url.searchParams.get('extendedExpiration')).toBe('true');
  });
});

describe('downloadFileBytes', () => {
  it('sends no Authorization header and reports HTTP failures', async () => {
    let sentHeaders: Headers | undefined;
    const ok = await downloadFileBytes('http://store.test/x', signal, (_input, init) => {
      sentHeaders = new Headers(init?.headers);
      return Promise.resolve(new Response('abc'));
    });
    expect(ok.size).toBe(3);
    expect(sentHeaders?.has('authorization')).toBe(false);
    await expect(downloadFileBytes('http://store.test/x', signal, () => Promise.resolve(new Response('', { status: 403, statusText: 'Forbidden' })))).rejects.toMatchObject({
      kind: 'http',
      status: 403,
    });
  });
});

describe('segment endpoints', () => {
  it('sends cdf-version: beta on create and get', async () => {
    const job = { status: 'Queued', createdTime: 1, startTime: 1, statusTime: 1, jobId: 42, items: [{ fileId: 7 }] };
    const { client, seen } = fakeCdf((method) => (method === 'POST' ? { ...job, points: [{ x: 0.5, y: 0.5, label: 1 }] } : { ...job, items: [], prompt: {} }));
    const created = await createSegmentJob(client, { items: [{ fileId: 7 }], points: [{ x: 0.5, y: 0.5, label: 1 }] }, signal);
    expect(created.jobId).toBe(42);
    const polled = await getSegmentJob(client, 42, signal);
    expect(polled.status).toBe('Queued');
    expect(seen.map((call) => [call.method, call.url.pathname, call.headers.get('cdf-version')])).toEqual([
      ['POST', '/api/v1/projects/demo/context/vision/segment', 'beta'],
      ['GET', '/api/v1/projects/demo/context/vision/segment/42', 'beta'],
    ]);
  });
});

describe('fetchImageSource', () => {
  it('gives the bytes, or only the URL when the download fails at the network level (CORS)', async () => {
    await expect(fetchImageSource('http://store.test/a', signal, () => Promise.resolve(new Response('abc')))).resolves.toMatchObject({ kind: 'bytes' });
    await expect(fetchImageSource('http://store.test/a', signal, () => Promise.reject(new TypeError('Failed to fetch')))).resolves.toEqual({
      kind: 'url',
      url: 'http://store.test/a',
    });
    await expect(fetchImageSource('http://store.test/a', signal, () => Promise.resolve(new Response('', { status: 404 })))).rejects.toMatchObject({ status: 404 });
  });
});

describe('fileQueries.content', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('gets a fresh download link and a new source object on a retry, even when the link is the same', async () => {
    const { client, seen } = fakeCdf(() => ({ items: [{ id: 5, downloadUrl: 'http://store.test/5' }] }));
    // The storage host refuses fetch() (CORS): the source is the URL fallback.
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const options = fileQueries.content(client, 5);
    const first = await queryClient.fetchQuery(options);
    expect(first).toEqual({ kind: 'url', url: 'http://store.test/5' });
    await queryClient.refetchQueries({ queryKey: options.queryKey });
    const second = queryClient.getQueryData(options.queryKey);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    expect(seen.filter((request) => request.url.pathname.endsWith('/files/downloadlink'))).toHaveLength(2);
    queryClient.clear();
  });
});
