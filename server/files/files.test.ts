/**
 * The Files API against the real emulator: every endpoint, the happy paths and the bad inputs, each response body
 * checked against Cognite's OpenAPI schemas.
 */
import { rm } from 'node:fs/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileInfo } from '../../contract';
import { FIXTURE_FILES } from '../fixtures/manifest';
import { assertCdfError, assertMatchesResponse } from '../testing/openapi';
import { startEmulator, type StartedEmulator } from '../testing/startEmulator';

const COFFEE = FIXTURE_FILES.find((fixture) => fixture.externalId === 'sample:coffee');
const NOTES = FIXTURE_FILES.find((fixture) => fixture.externalId === 'sample:notes-txt');
if (!COFFEE || !NOTES) throw new Error('fixtures sample:coffee and sample:notes-txt are missing from the manifest');
const PHOTO_COUNT = FIXTURE_FILES.filter((fixture) => fixture.mimeType.startsWith('image/')).length;

let clockMs = Date.UTC(2026, 0, 1);
let emulator: StartedEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ now: () => clockMs, uploadBodyLimitBytes: 4 * 1024 * 1024 });
});
afterAll(async () => {
  await emulator.close();
});

async function json(response: Response): Promise<unknown> {
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return response.json();
}

async function expectError(response: Response, status: number, pattern: RegExp) {
  expect(response.status).toBe(status);
  const body = await json(response);
  assertCdfError(body);
  const { error } = body as { error: { message: string; missing?: unknown[]; duplicated?: unknown[] } };
  expect(error.message).toMatch(pattern);
  return error;
}

async function listAll(filter: Record<string, unknown> = {}, limit = 100) {
  const items: FileInfo[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const response = await emulator.request('POST', '/files/list', { body: { filter, limit, ...(cursor ? { cursor } : {}) } });
    expect(response.status).toBe(200);
    const body = await json(response);
    assertMatchesResponse('FileMetadataWithCursorResponse', body);
    const page = body as { items: FileInfo[]; nextCursor?: string };
    items.push(...page.items);
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor !== undefined);
  return { items, pages };
}

describe('seeded samples', () => {
  it('holds at least eight photographs and one non-image, uploaded, with stable ids and externalIds', async () => {
    expect(PHOTO_COUNT).toBeGreaterThanOrEqual(8);
    const { items } = await listAll({ externalIdPrefix: 'sample:' });
    expect(items.map((item) => item.externalId)).toEqual(FIXTURE_FILES.map((fixture) => fixture.externalId));
    for (const [index, item] of items.entries()) {
      const fixture = FIXTURE_FILES[index];
      expect(item.id).toBe(fixture?.id);
      expect(item.uploaded).toBe(true);
      expect(item.uploadedTime).toBeTypeOf('number');
      expect(item.mimeType).toBe(fixture?.mimeType);
    }
  });
});

describe('POST /files/list', () => {
  it('filters by mimeType, name, externalIdPrefix and uploaded', async () => {
    const png = await listAll({ mimeType: 'image/png' });
    expect(png.items.length).toBeGreaterThan(0);
    expect(png.items.every((item) => item.mimeType === 'image/png')).toBe(true);
    const byName = await listAll({ name: 'fruits.jpg' });
    expect(byName.items.map((item) => item.externalId)).toEqual(['sample:fruits']);
    const text = await listAll({ mimeType: 'text/plain', externalIdPrefix: 'sample:' });
    expect(text.items.map((item) => item.externalId)).toEqual(['sample:notes-txt']);
    const notUploaded = await listAll({ uploaded: false, externalIdPrefix: 'sample:' });
    expect(notUploaded.items).toEqual([]);
  });

  it('defaults to 100 items and accepts an empty body', async () => {
    const response = await emulator.request('POST', '/files/list', { body: {} });
    const body = (await json(response)) as { items: FileInfo[]; nextCursor?: string };
    expect(body.items.length).toBe(Math.min(100, emulator.context.files.size));
  });

  it('pages with an opaque cursor in a stable order, each file once', async () => {
    const all = await listAll({}, 1000);
    const paged = await listAll({}, 3);
    expect(paged.pages).toBe(Math.ceil(all.items.length / 3));
    expect(paged.items.map((item) => item.id)).toEqual(all.items.map((item) => item.id));
    expect(new Set(paged.items.map((item) => item.id)).size).toBe(paged.items.length);
  });

  it('rejects limits outside 1..1000 and forged cursors', async () => {
    await expectError(await emulator.request('POST', '/files/list', { body: { limit: 0 } }), 400, /limit must be between 1 and 1000/);
    await expectError(await emulator.request('POST', '/files/list', { body: { limit: 1001 } }), 400, /limit must be between 1 and 1000/);
    await expectError(await emulator.request('POST', '/files/list', { body: { limit: 2.5 } }), 400, /limit/);
    await expectError(await emulator.request('POST', '/files/list', { body: { cursor: 'not-a-cursor' } }), 400, /Invalid cursor/);
    const oneOk = await emulator.request('POST', '/files/list', { body: { limit: 1 } });
    expect(oneOk.status).toBe(200);
    const thousandOk = await emulator.request('POST', '/files/list', { body: { limit: 1000 } });
    expect(thousandOk.status).toBe(200);
  });
});

describe('POST /files/byids', () => {
  it('returns files in request order for id, externalId and instanceId', async () => {
    const response = await emulator.request('POST', '/files/byids', {
      body: { items: [{ externalId: 'sample:notes-txt' }, { id: COFFEE.id }, { instanceId: { space: 'samples', externalId: 'chelsea' } }] },
    });
    expect(response.status).toBe(200);
    const body = await json(response);
    assertMatchesResponse('FileResponse', body);
    expect((body as { items: FileInfo[] }).items.map((item) => item.externalId)).toEqual([
      'sample:notes-txt',
      'sample:coffee',
      'sample:chelsea',
    ]);
  });

  it('reports unknown ids in `missing`, in the form asked, unless ignoreUnknownIds', async () => {
    const unknown = [{ id: 987_654_321 }, { externalId: 'no-such-file' }, { instanceId: { space: 'samples', externalId: 'nope' } }];
    const error = await expectError(
      await emulator.request('POST', '/files/byids', { body: { items: [{ id: COFFEE.id }, ...unknown] } }),
      400,
      /not found/,
    );
    expect(error.missing).toEqual(unknown);
    const fifteen = Array.from({ length: 15 }, (_, index) => ({ id: 900_000_000 + index }));
    const many = await expectError(await emulator.request('POST', '/files/byids', { body: { items: fifteen } }), 400, /and 5 more$/);
    expect(many.missing).toEqual(fifteen);
    const ignoring = await emulator.request('POST', '/files/byids', { body: { items: [{ id: COFFEE.id }, ...unknown], ignoreUnknownIds: true } });
    expect(ignoring.status).toBe(200);
    const body = await json(ignoring);
    assertMatchesResponse('FileResponse', body);
    expect((body as { items: FileInfo[] }).items.map((item) => item.id)).toEqual([COFFEE.id]);
  });

  it('rejects duplicates, empty and over-long item lists, and mixed identifiers', async () => {
    const duplicate = await expectError(
      await emulator.request('POST', '/files/byids', { body: { items: [{ id: COFFEE.id }, { id: COFFEE.id }] } }),
      400,
      /Duplicate/,
    );
    expect(duplicate.duplicated).toEqual([{ id: COFFEE.id }]);
    await expectError(await emulator.request('POST', '/files/byids', { body: { items: [] } }), 400, /items: items must hold between 1 and 1000/);
    const tooMany = Array.from({ length: 1001 }, (_, index) => ({ id: index + 1 }));
    await expectError(await emulator.request('POST', '/files/byids', { body: { items: tooMany } }), 400, /between 1 and 1000/);
    await expectError(
      await emulator.request('POST', '/files/byids', { body: { items: [{ id: COFFEE.id, externalId: 'sample:coffee' }] } }),
      400,
      /items\[0\]/,
    );
    await expectError(await emulator.request('POST', '/files/byids', { body: { items: [{ id: 0 }] } }), 400, /items\[0\]\.id/);
  });
});

describe('GET /files/{id}', () => {
  it('returns one FileInfo', async () => {
    const response = await emulator.request('GET', `/files/${COFFEE.id}`);
    expect(response.status).toBe(200);
    const body = await json(response);
    assertMatchesResponse('FileMetadataResponse', body);
    expect((body as FileInfo).externalId).toBe('sample:coffee');
  });

  it('400s unknown and malformed ids', async () => {
    const error = await expectError(await emulator.request('GET', '/files/424242'), 400, /not found/);
    expect(error.missing).toEqual([{ id: 424242 }]);
    await expectError(await emulator.request('GET', '/files/abc'), 400, /id/);
  });
});

describe('download links', () => {
  it('answer each item in the form requested, with a URL that serves the bytes without a token', async () => {
    const items = [{ id: COFFEE.id }, { externalId: 'sample:fruits' }, { instanceId: { space: 'samples', externalId: 'chelsea' } }];
    const response = await emulator.request('POST', '/files/downloadlink', { body: { items } });
    expect(response.status).toBe(200);
    const body = await json(response);
    assertMatchesResponse('DataWithLinks', body);
    const links = (body as { items: Array<Record<string, unknown> & { downloadUrl: string }> }).items;
    expect(links.map(({ downloadUrl: _url, ...identifier }) => identifier)).toEqual(items);

    const download = await fetch(links[0]?.downloadUrl ?? '', { headers: { origin: 'http://app.test' } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(download.headers.get('access-control-allow-origin')).toBe('http://app.test');
    expect(download.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const bytes = Buffer.from(await download.arrayBuffer());
    const metadata = await sharp(bytes).metadata();
    expect([metadata.width, metadata.height]).toEqual([600, 400]);
    const fruits = await fetch(links[1]?.downloadUrl ?? '');
    expect(fruits.headers.get('content-type')).toBe('image/jpeg');
  });

  it('expire after 30 s, or 1 h with extendedExpiration', async () => {
    const short = (await json(await emulator.request('POST', '/files/downloadlink', { body: { items: [{ id: COFFEE.id }] } }))) as {
      items: Array<{ downloadUrl: string }>;
    };
    const long = (await json(
      await emulator.request('POST', '/files/downloadlink?extendedExpiration=true', { body: { items: [{ id: COFFEE.id }] } }),
    )) as { items: Array<{ downloadUrl: string }> };
    const shortUrl = short.items[0]?.downloadUrl ?? '';
    const longUrl = long.items[0]?.downloadUrl ?? '';
    const start = clockMs;
    try {
      clockMs = start + 29_000;
      expect((await fetch(shortUrl)).status).toBe(200);
      clockMs = start + 31_000;
      await expectError(await fetch(shortUrl), 403, /expired/);
      expect((await fetch(longUrl)).status).toBe(200);
      clockMs = start + 3_601_000;
      await expectError(await fetch(longUrl), 403, /expired/);
    } finally {
      clockMs = start;
    }
  });

  it('refuse forged and tampered links', async () => {
    const body = (await json(await emulator.request('POST', '/files/downloadlink', { body: { items: [{ id: COFFEE.id }] } }))) as {
      items: Array<{ downloadUrl: string }>;
    };
    const url = new URL(body.items[0]?.downloadUrl ?? '');
    const token = url.pathname.split('/').at(-1) ?? '';
    const [, expiresAtMs = '', signature = ''] = token.split('.');
    await expectError(await fetch(`${emulator.baseUrl}/_emulator/download/${NOTES.id}.${expiresAtMs}.${signature}`), 403, /signature/);
    const later = String(Number(expiresAtMs) + 3_600_000);
    await expectError(await fetch(`${emulator.baseUrl}/_emulator/download/${COFFEE.id}.${later}.${signature}`), 403, /signature/);
    await expectError(await fetch(`${emulator.baseUrl}/_emulator/download/garbage`), 403, /Invalid download link/);
  });

  it('404 cleanly when the bytes were deleted from the data directory behind the store', async () => {
    const info = await emulator.uploadFile({ name: 'doomed.txt', mimeType: 'text/plain' }, 'soon gone');
    const body = (await json(await emulator.request('POST', '/files/downloadlink', { body: { items: [{ id: info.id }] } }))) as {
      items: Array<{ downloadUrl: string }>;
    };
    await rm(emulator.context.files.blobPath(info.id));
    await expectError(await fetch(body.items[0]?.downloadUrl ?? ''), 404, /missing from the data directory/);
  });

  it('validate the request: 1..100 items, known files, boolean flag', async () => {
    await expectError(await emulator.request('POST', '/files/downloadlink', { body: { items: [] } }), 400, /between 1 and 100/);
    const tooMany = Array.from({ length: 101 }, () => ({ id: COFFEE.id }));
    await expectError(await emulator.request('POST', '/files/downloadlink', { body: { items: tooMany } }), 400, /between 1 and 100/);
    const missing = await expectError(
      await emulator.request('POST', '/files/downloadlink', { body: { items: [{ externalId: 'nope' }] } }),
      400,
      /not found/,
    );
    expect(missing.missing).toEqual([{ externalId: 'nope' }]);
    await expectError(
      await emulator.request('POST', '/files/downloadlink?extendedExpiration=yes', { body: { items: [{ id: COFFEE.id }] } }),
      400,
      /extendedExpiration/,
    );
  });
});

describe('GET /files/icon', () => {
  it('makes a JPEG thumbnail, long side at most 256 px, for id, externalId and instance id', async () => {
    for (const query of [`id=${COFFEE.id}`, 'externalId=sample%3Acoffee', 'space=samples&instanceExternalId=coffee']) {
      const response = await emulator.request('GET', `/files/icon?${query}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/jpeg');
      const metadata = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
      expect(metadata.format).toBe('jpeg');
      expect([metadata.width, metadata.height]).toEqual([256, 171]);
    }
  });

  it('needs a token', async () => {
    await expectError(await emulator.request('GET', `/files/icon?id=${COFFEE.id}`, { token: null }), 401, /Unauthorized/);
  });

  it('400s non-image files, unknown files and bad parameter combinations', async () => {
    await expectError(await emulator.request('GET', `/files/icon?id=${NOTES.id}`), 400, /only available for image files/);
    const missing = await expectError(await emulator.request('GET', '/files/icon?externalId=nope'), 400, /not found/);
    expect(missing.missing).toEqual([{ externalId: 'nope' }]);
    await expectError(await emulator.request('GET', `/files/icon?id=${COFFEE.id}&externalId=sample%3Acoffee`), 400, /exactly one/);
    await expectError(await emulator.request('GET', '/files/icon'), 400, /exactly one/);
    await expectError(await emulator.request('GET', '/files/icon?space=samples'), 400, /together/);
    await expectError(await emulator.request('GET', '/files/icon?id=-3'), 400, /id/);
  });
});

describe('upload: POST /files then PUT uploadUrl', () => {
  it('creates a record (201, uploaded false), takes the bytes without a token, then serves them', async () => {
    const created = await emulator.request('POST', '/files', {
      body: { name: 'tiny.png', externalId: 'test:tiny', mimeType: 'image/png', metadata: { purpose: 'test' } },
    });
    expect(created.status).toBe(201);
    const info = await json(created);
    assertMatchesResponse('UploadFileMetadataResponse', info);
    const { id, uploadUrl, uploaded } = info as FileInfo & { uploadUrl: string };
    expect(uploaded).toBe(false);
    expect(uploadUrl.startsWith(emulator.baseUrl)).toBe(true);

    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3366cc' } }).png().toBuffer();
    const put = await fetch(uploadUrl, { method: 'PUT', body: png, headers: { 'content-type': 'image/png', origin: 'http://app.test' } });
    expect(put.status).toBe(200);
    expect(put.headers.get('access-control-allow-origin')).toBe('http://app.test');

    const after = (await json(await emulator.request('GET', `/files/${id}`))) as FileInfo;
    expect(after.uploaded).toBe(true);
    expect(after.uploadedTime).toBe(clockMs);

    const link = (await json(await emulator.request('POST', '/files/downloadlink', { body: { items: [{ externalId: 'test:tiny' }] } }))) as {
      items: Array<{ downloadUrl: string }>;
    };
    const bytes = Buffer.from(await (await fetch(link.items[0]?.downloadUrl ?? '')).arrayBuffer());
    expect(bytes.equals(png)).toBe(true);

    const icon = await emulator.request('GET', `/files/icon?id=${id}`);
    const iconMetadata = await sharp(Buffer.from(await icon.arrayBuffer())).metadata();
    expect([iconMetadata.width, iconMetadata.height]).toEqual([40, 30]); // never enlarged
  });

  it('accepts geoLocation only as the GeoLocation schema of Cognite shapes it', async () => {
    const feature = (geometry: unknown) => ({ name: 'geo.png', geoLocation: { type: 'Feature', geometry } });
    const good = await emulator.request('POST', '/files', { body: feature({ type: 'Polygon', coordinates: [[[0, 0], [1, 0]], [[1, 1], [0, 1]]] }) });
    expect(good.status).toBe(201);
    assertMatchesResponse('UploadFileMetadataResponse', await json(good));
    for (const geometry of [{ type: 'Point', coordinates: [] }, { type: 'Point', coordinates: [1, 'x'] }, { type: 'Circle', coordinates: [1, 2] }, { type: 'LineString', coordinates: [[1, 2]] }]) {
      await expectError(await emulator.request('POST', '/files', { body: feature(geometry) }), 400, /geoLocation\.geometry/);
    }
  });

  it('refuses a duplicate externalId with 409 unless overwrite=true, which keeps the id', async () => {
    const first = (await json(await emulator.request('POST', '/files', { body: { name: 'a.txt', externalId: 'test:dup' } }))) as FileInfo;
    const conflict = await expectError(await emulator.request('POST', '/files', { body: { name: 'b.txt', externalId: 'test:dup' } }), 409, /already exists/);
    expect(conflict.duplicated).toEqual([{ externalId: 'test:dup' }]);
    const overwritten = await emulator.request('POST', '/files?overwrite=true', { body: { name: 'b.txt', externalId: 'test:dup' } });
    expect(overwritten.status).toBe(201);
    const body = await json(overwritten);
    assertMatchesResponse('UploadFileMetadataResponse', body);
    expect((body as FileInfo).id).toBe(first.id);
    expect((body as FileInfo).name).toBe('b.txt');
  });

  it('changes the cache key when the bytes change', async () => {
    const info = await emulator.uploadFile({ name: 'c.bin', externalId: 'test:rewrite' }, new TextEncoder().encode('first'));
    const firstKey = emulator.context.files.resolve({ id: info.id })?.cacheKey;
    await emulator.uploadFile({ name: 'c.bin', externalId: 'test:rewrite' }, 'second', { overwrite: true });
    const secondKey = emulator.context.files.resolve({ id: info.id })?.cacheKey;
    expect(firstKey).toBeDefined();
    expect(secondKey).not.toBe(firstKey);
  });

  it('validates the metadata: name required, field types, unknown fields, overwrite flag', async () => {
    await expectError(await emulator.request('POST', '/files', { body: { externalId: 'test:noname' } }), 400, /name: name is required/);
    await expectError(await emulator.request('POST', '/files', { body: { name: 7 } }), 400, /name: name is required and must be a string/);
    await expectError(await emulator.request('POST', '/files', { body: { name: '' } }), 400, /name: name must not be empty/);
    await expectError(await emulator.request('POST', '/files', { body: { name: 'x', metadata: { a: 1 } } }), 400, /metadata\.a/);
    await expectError(await emulator.request('POST', '/files', { body: { name: 'x', colour: 'red' } }), 400, /Unrecognized field: colour/);
    await expectError(await emulator.request('POST', '/files?overwrite=maybe', { body: { name: 'x' } }), 400, /overwrite/);
    // The limit is named, not "name is required" (issue 11); 256 characters is the limit itself.
    await expectError(await emulator.request('POST', '/files', { body: { name: 'x'.repeat(257) } }), 400, /name: name must be at most 256 characters/);
    expect((await emulator.request('POST', '/files', { body: { name: 'x'.repeat(256) } })).status).toBe(201);
  });

  it('refuses forged upload URLs, download tokens used for upload, and oversized bodies', async () => {
    const info = (await json(await emulator.request('POST', '/files', { body: { name: 'big.bin' } }))) as FileInfo & { uploadUrl: string };
    const token = info.uploadUrl.split('/').at(-1) ?? '';
    await expectError(await fetch(`${emulator.baseUrl}/_emulator/upload/${token}x`, { method: 'PUT', body: 'x' }), 403, /Invalid upload link/);
    const download = (await json(await emulator.request('POST', '/files/downloadlink', { body: { items: [{ id: COFFEE.id }] } }))) as {
      items: Array<{ downloadUrl: string }>;
    };
    const downloadToken = download.items[0]?.downloadUrl.split('/').at(-1) ?? '';
    await expectError(await fetch(`${emulator.baseUrl}/_emulator/upload/${downloadToken}`, { method: 'PUT', body: 'x' }), 403, /Invalid upload link/);

    const tooBig = Buffer.alloc(4 * 1024 * 1024 + 1, 7);
    await expectError(await fetch(info.uploadUrl, { method: 'PUT', body: tooBig }), 413, /exceeds the limit/);
    // A chunked body (no Content-Length) is cut off while streaming.
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let index = 0; index < 5; index += 1) controller.enqueue(new Uint8Array(1024 * 1024));
        controller.close();
      },
    });
    const streamed = await fetch(info.uploadUrl, { method: 'PUT', body: chunked, duplex: 'half' } as RequestInit);
    await expectError(streamed, 413, /exceeds the limit/);
    const still = (await json(await emulator.request('GET', `/files/${info.id}`))) as FileInfo;
    expect(still.uploaded).toBe(false);
    await expectError(await emulator.request('POST', '/files/downloadlink', { body: { items: [{ id: info.id }] } }), 400, /not uploaded/);
  });
});
