/**
 * The official `@cognite/sdk` as the reference client: what it can do against real CDF's files API must work
 * against the emulator (list, retrieve, download URLs and their bytes, upload, CogniteError on bad calls).
 */
import { CogniteClient, CogniteError } from '@cognite/sdk';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_FILES } from '../fixtures/manifest';
import { startEmulator, type StartedEmulator } from '../testing/startEmulator';

let emulator: StartedEmulator;
let client: CogniteClient;
beforeAll(async () => {
  emulator = await startEmulator();
  client = new CogniteClient({
    appId: 'emulator-contract-test',
    project: emulator.config.project,
    baseUrl: emulator.baseUrl,
    oidcTokenProvider: () => Promise.resolve(emulator.config.token),
  });
});
afterAll(async () => {
  await emulator.close();
});

describe('@cognite/sdk against the emulator', () => {
  it('lists files with a filter, paging through every page', async () => {
    const images = await client.files.list({ filter: { mimeType: 'image/jpeg' }, limit: 2 }).autoPagingToArray({ limit: 100 });
    const expected = FIXTURE_FILES.filter((fixture) => fixture.mimeType === 'image/jpeg').map((fixture) => fixture.externalId);
    expect(images.map((file) => file.externalId)).toEqual(expected);
    // The SDK turns timestamps into Dates, so they must have been numbers.
    expect(images[0]?.createdTime).toBeInstanceOf(Date);
    expect(images[0]?.uploaded).toBe(true);
  });

  it('retrieves by id and externalId, and ignores unknown ids when asked', async () => {
    const [coffee, fruits] = await client.files.retrieve([{ externalId: 'sample:coffee' }, { id: FIXTURE_FILES[7]?.id ?? 0 }]);
    expect(coffee?.name).toBe('coffee.png');
    expect(fruits?.externalId).toBe(FIXTURE_FILES[7]?.externalId);
    const some = await client.files.retrieve([{ externalId: 'sample:coffee' }, { externalId: 'nope' }], { ignoreUnknownIds: true });
    expect(some).toHaveLength(1);
  });

  it('gets a CogniteError with status, message, missing and the request id for unknown ids', async () => {
    const failure = await client
      .post(`/api/v1/projects/${client.project}/files/byids`, { data: { items: [{ externalId: 'nope' }] } })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(CogniteError);
    const error = failure as CogniteError;
    expect(error.message).toMatch(/Files not found: externalId "nope"/);
    expect(error.status).toBe(400);
    expect(error.missing).toEqual([{ externalId: 'nope' }]);
    expect(error.requestId).toMatch(/^[0-9a-f]{16}$/);
    // The resource API wraps the same error in a CogniteMultiError.
    const wrapped = await client.files.retrieve([{ externalId: 'nope' }]).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect((wrapped as { errors?: unknown[] }).errors?.[0]).toBeInstanceOf(CogniteError);
  });

  it('gets download URLs whose bytes decode as the photo', async () => {
    const [link] = await client.files.getDownloadUrls([{ externalId: 'sample:chelsea' }]);
    expect(link?.downloadUrl).toBeTypeOf('string');
    const response = await fetch(link?.downloadUrl ?? '');
    expect(response.status).toBe(200);
    const metadata = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
    expect([metadata.width, metadata.height]).toEqual([451, 300]);
  });

  it('uploads a file and waits until it is acknowledged', async () => {
    const content = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#cc8844' } }).jpeg().toBuffer();
    const uploaded = await client.files.upload(
      { name: 'sdk-upload.jpg', externalId: 'test:sdk-upload', mimeType: 'image/jpeg' },
      content,
      false,
      true,
    );
    expect(uploaded.uploaded).toBe(true);
    const [link] = await client.files.getDownloadUrls([{ id: uploaded.id }]);
    const bytes = Buffer.from(await (await fetch(link?.downloadUrl ?? '')).arrayBuffer());
    expect(bytes.equals(content)).toBe(true);
  });

  it('gets a thumbnail through the generic client', async () => {
    const response = await client.get<ArrayBuffer>(`/api/v1/projects/${client.project}/files/icon`, {
      params: { externalId: 'sample:rocket' },
      responseType: 'arraybuffer' as never,
    });
    expect(response.status).toBe(200);
    const metadata = await sharp(Buffer.from(response.data)).metadata();
    expect(metadata.format).toBe('jpeg');
    expect(Math.max(metadata.width ?? 0, metadata.height ?? 0)).toBe(256);
  });
});
