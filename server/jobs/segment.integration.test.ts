/**
 * The segment job endpoints against the real emulator (in-process, real worker pool with one worker): lifecycle,
 * every bad input, the 429 bound, the job faults, OpenAPI conformance of every response, and @cognite/sdk as a client.
 */
import { CogniteClient } from '@cognite/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertCdfError, assertMatchesResponse } from '../testing/openapi';
import { startEmulator, type StartedEmulator } from '../testing/startEmulator';
import { MAX_ACTIVE_JOBS_PER_PROJECT } from './policy';

const BETA = { 'cdf-version': 'beta' };
const COFFEE_ID = 1_000_001; // server/fixtures/manifest.ts: sample:coffee, 600×400 PNG
const NOTES_ID = 1_000_011; // sample:notes-txt, text/plain

let emulator: StartedEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ workers: 1 });
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  const reset = await emulator.request('POST', '/_emulator/reset');
  expect(reset.ok).toBe(true);
});

interface JobBody {
  status: string;
  jobId: number;
  createdTime: number;
  startTime: number;
  statusTime: number;
  errorMessage?: string | null;
  items: Array<{ fileId: number; fileExternalId?: string; segments?: Array<{ score: number; polygons: Array<{ vertices: Array<{ x: number; y: number }> }> }> }>;
  prompt?: unknown;
  failedItems?: Array<{ errorMessage: string; items: Array<{ fileId: number }> }>;
}

async function post(body: unknown, headers: Record<string, string> = BETA): Promise<{ status: number; body: JobBody & { error?: { code: number; message: string; missing?: unknown[] } } }> {
  const response = await emulator.request('POST', '/context/vision/segment', { body, headers });
  return { status: response.status, body: (await response.json()) as JobBody & { error?: { code: number; message: string; missing?: unknown[] } } };
}

async function get(jobId: number | string, headers: Record<string, string> = BETA) {
  const response = await emulator.request('GET', `/context/vision/segment/${jobId}`, { headers });
  return { status: response.status, body: (await response.json()) as JobBody & { error?: { code: number; message: string } } };
}

/** Polls every 50 ms until the job is Completed or Failed, checking every response against the schema. */
async function waitForJob(jobId: number, timeoutMs = 30_000): Promise<{ final: JobBody; seen: JobBody[] }> {
  const seen: JobBody[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { status, body } = await get(jobId);
    expect(status).toBe(200);
    assertMatchesResponse('VisionSegmentGetResponse', body);
    seen.push(body);
    if (body.status === 'Completed' || body.status === 'Failed') return { final: body, seen };
    if (Date.now() > deadline) throw new Error(`Job ${jobId} still ${body.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function uploadFile(name: string, mimeType: string, bytes: Uint8Array<ArrayBuffer>): Promise<number> {
  const created = await emulator.request('POST', '/files', { body: { name, mimeType, externalId: `test:${name}` } });
  expect(created.status).toBe(201);
  const info = (await created.json()) as { id: number; uploadUrl: string };
  const put = await fetch(info.uploadUrl, { method: 'PUT', headers: { 'content-type': mimeType }, body: bytes });
  expect(put.ok).toBe(true);
  return info.id;
}

function expectBadRequest(result: { status: number; body: unknown }, messagePart: string | RegExp): void {
  expect(result.status).toBe(400);
  assertCdfError(result.body);
  assertMatchesResponse('ErrorResponse', result.body);
  const { message } = (result.body as { error: { message: string } }).error;
  if (typeof messagePart === 'string') expect(message).toContain(messagePart);
  else expect(message).toMatch(messagePart);
}

describe('segment job lifecycle', () => {
  it('walks Queued → Running → Completed and returns scored polygons in [0,1]', async () => {
    const created = await post({ items: [{ fileExternalId: 'sample:coffee' }], points: [{ x: 0.5, y: 0.55 }] });
    expect(created.status).toBe(200);
    assertMatchesResponse('VisionSegmentPostResponse', created.body);
    expect(created.body).toMatchObject({
      status: 'Queued',
      items: [{ fileId: COFFEE_ID, fileExternalId: 'sample:coffee' }],
      points: [{ x: 0.5, y: 0.55, label: 1 }],
      errorMessage: null,
    });
    expect(Number.isInteger(created.body.jobId)).toBe(true);
    expect(created.body.createdTime).toBe(created.body.startTime);

    const { final, seen } = await waitForJob(created.body.jobId);
    expect(final.status).toBe('Completed');
    expect(final.errorMessage).toBeNull();
    expect(final.prompt).toEqual({ points: [{ x: 0.5, y: 0.55, label: 1 }] });
    for (const pending of seen.slice(0, -1)) expect(pending.items).toEqual([]);
    const times = [created.body.statusTime, ...seen.map((body) => body.statusTime)];
    for (let index = 1; index < times.length; index++) expect(times[index]).toBeGreaterThanOrEqual(times[index - 1] as number);
    expect(final.statusTime).toBeGreaterThan(created.body.statusTime);

    const [item] = final.items;
    expect(item).toMatchObject({ fileId: COFFEE_ID, fileExternalId: 'sample:coffee' });
    const segments = item?.segments ?? [];
    expect(segments.length).toBeGreaterThanOrEqual(1);
    expect(segments.length).toBeLessThanOrEqual(3);
    const scores = segments.map((segment) => segment.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    for (const segment of segments) {
      expect(segment.score).toBeGreaterThanOrEqual(0);
      expect(segment.score).toBeLessThanOrEqual(1);
      for (const polygon of segment.polygons) {
        expect(polygon.vertices.length).toBeGreaterThanOrEqual(3);
        expect(polygon.vertices.length).toBeLessThanOrEqual(1000);
      }
    }
  });

  it('accepts a box alone, an instanceId reference and the dated beta header', async () => {
    const created = await post(
      { items: [{ fileInstanceId: { space: 'samples', externalId: 'coffee' } }], boundingBox: { xMin: 0.2, yMin: 0.2, xMax: 0.8, yMax: 0.9 } },
      { 'cdf-version': '20230101-beta' },
    );
    expect(created.status).toBe(200);
    assertMatchesResponse('VisionSegmentPostResponse', created.body);
    // The pool is warm by now (the previous test ran a job): a POST still answers with the job as created.
    expect(created.body.status).toBe('Queued');
    expect(created.body.items[0]?.fileId).toBe(COFFEE_ID);
    const { final } = await waitForJob(created.body.jobId);
    expect(final.status).toBe('Completed');
    expect(final.prompt).toEqual({ boundingBox: { xMin: 0.2, yMin: 0.2, xMax: 0.8, yMax: 0.9 } });
  });

  it('fails the job, not the request, when the bytes cannot be decoded', async () => {
    const fileId = await uploadFile('broken.png', 'image/png', new TextEncoder().encode('not a png at all'));
    const created = await post({ items: [{ fileId }], points: [{ x: 0.5, y: 0.5 }] });
    expect(created.status).toBe(200);
    const { final } = await waitForJob(created.body.jobId);
    expect(final.status).toBe('Failed');
    expect(final.errorMessage).toMatch(/decode/i);
    expect(final.items).toEqual([]);
    expect(final.failedItems).toEqual([{ errorMessage: final.errorMessage, items: [{ fileId, fileExternalId: 'test:broken.png' }] }]);
  });
});

describe('segment request validation', () => {
  const valid = { items: [{ fileId: COFFEE_ID }], points: [{ x: 0.5, y: 0.5, label: 1 }] };

  it('requires cdf-version beta or alpha', async () => {
    expectBadRequest(await post(valid, {}), 'cdf-version');
    expectBadRequest(await post(valid, { 'cdf-version': '20230101' }), 'cdf-version');
    expect((await post(valid, { 'cdf-version': 'alpha' })).status).toBe(200);
    expectBadRequest(await get(1, {}), 'cdf-version');
  });

  it.each([
    ['no items', { points: valid.points }, 'items: items is required'],
    ['two items', { ...valid, items: [{ fileId: COFFEE_ID }, { fileId: COFFEE_ID }] }, 'items: items must contain exactly 1 file reference'],
    ['empty items', { ...valid, items: [] }, 'items: items must contain exactly 1 file reference'],
    ['an item with two identifiers', { ...valid, items: [{ fileId: COFFEE_ID, fileExternalId: 'x' }] }, 'items[0]: must have exactly one of fileId, fileExternalId or fileInstanceId'],
    ['a string fileId', { ...valid, items: [{ fileId: '1000001' }] }, 'items[0].fileId: fileId must be an integer id'],
    ['neither points nor box', { items: valid.items }, 'Invalid request body: points and/or boundingBox is required'],
    ['empty points and no box', { items: valid.items, points: [] }, 'points: points must not be empty when boundingBox is absent'],
    ['x above 1', { ...valid, points: [{ x: 0.2, y: 0.2 }, { x: 1.5, y: 0.5 }] }, 'points[1].x: x must be between 0 and 1'],
    ['negative y', { ...valid, points: [{ x: 0.2, y: -0.1 }] }, 'points[0].y: y must be between 0 and 1'],
    ['a string coordinate', { ...valid, points: [{ x: '0.5', y: 0.5 }] }, 'points[0].x: x must be a number'],
    ['label 2', { ...valid, points: [{ x: 0.5, y: 0.5, label: 2 }] }, 'points[0].label: label must be 0 or 1'],
    ['duplicate points (label defaulted)', { ...valid, points: [{ x: 0.5, y: 0.5, label: 1 }, { x: 0.5, y: 0.5 }] }, 'points[1]: duplicates points[0]: points must be unique'],
    ['box xMin ≥ xMax', { ...valid, boundingBox: { xMin: 0.6, yMin: 0.1, xMax: 0.6, yMax: 0.5 } }, 'boundingBox.xMin: xMin must be less than boundingBox.xMax'],
    ['box yMin ≥ yMax', { ...valid, boundingBox: { xMin: 0.1, yMin: 0.7, xMax: 0.6, yMax: 0.5 } }, 'boundingBox.yMin: yMin must be less than boundingBox.yMax'],
    ['box out of range', { ...valid, boundingBox: { xMin: 0.1, yMin: 0.1, xMax: 1.2, yMax: 0.5 } }, 'boundingBox.xMax: xMax must be between 0 and 1'],
    ['box field missing', { ...valid, boundingBox: { xMin: 0.1, yMin: 0.1, xMax: 0.5 } }, 'boundingBox.yMax: yMax is required'],
    ['an unknown field', { ...valid, model: 'sam' }, 'Unrecognized field: model'],
  ])('rejects %s', async (_name, body, message) => {
    expectBadRequest(await post(body), message);
  });

  it('answers an unknown file with missing, in the form it was named', async () => {
    const result = await post({ items: [{ fileExternalId: 'no-such-file' }], points: [{ x: 0.5, y: 0.5 }] });
    expectBadRequest(result, 'not found');
    expect(result.body.error?.missing).toEqual([{ fileExternalId: 'no-such-file' }]);
  });

  it('refuses files that are not PNG or JPEG', async () => {
    expectBadRequest(await post({ items: [{ fileId: NOTES_ID }], points: [{ x: 0.5, y: 0.5 }] }), 'image/png and image/jpeg');
  });

  it('answers unknown and malformed job ids with 400', async () => {
    expectBadRequest(await get(123_456), 'Could not find a segment job with jobId 123456');
    expectBadRequest(await get('abc'), 'jobId must be a positive integer');
  });
});

describe('segment job limits and faults', () => {
  async function setFaults(faults: unknown[]): Promise<void> {
    const response = await emulator.request('POST', '/_emulator/faults', { body: { faults } });
    expect(response.ok).toBe(true);
  }

  it('ends the next job Failed with the injected message (job-failure)', async () => {
    await setFaults([{ type: 'job-failure', errorMessage: 'Injected failure', times: 1 }]);
    const failing = await post({ items: [{ fileId: COFFEE_ID }], points: [{ x: 0.5, y: 0.5 }] });
    const { final, seen } = await waitForJob(failing.body.jobId);
    expect(final).toMatchObject({ status: 'Failed', errorMessage: 'Injected failure', items: [] });
    expect(final.failedItems?.[0]).toMatchObject({ errorMessage: 'Injected failure', items: [{ fileId: COFFEE_ID }] });
    expect(seen.every((body) => body.status !== 'Completed')).toBe(true);
  });

  it('makes a job take at least the injected delay (job-delay)', async () => {
    await setFaults([{ type: 'job-delay', delayMs: 1500 }, { type: 'job-failure', errorMessage: 'Delayed failure', times: 1 }]);
    const startedMs = Date.now();
    const created = await post({ items: [{ fileId: COFFEE_ID }], points: [{ x: 0.5, y: 0.5 }] });
    const { final, seen } = await waitForJob(created.body.jobId);
    expect(Date.now() - startedMs).toBeGreaterThanOrEqual(1500);
    expect(final.status).toBe('Failed');
    expect(final.statusTime - final.createdTime).toBeGreaterThanOrEqual(1500);
    expect(seen.some((body) => body.status === 'Running')).toBe(true);
  });

  it(`answers 429 past ${MAX_ACTIVE_JOBS_PER_PROJECT} active jobs, and accepts again once they finish`, async () => {
    // Failing, delayed jobs stay active for the delay without using the segmenter, so the test costs no CPU.
    await setFaults([
      { type: 'job-delay', delayMs: 1500 },
      { type: 'job-failure', errorMessage: 'Held', times: MAX_ACTIVE_JOBS_PER_PROJECT },
    ]);
    const body = { items: [{ fileId: COFFEE_ID }], points: [{ x: 0.5, y: 0.5 }] };
    const accepted = await Promise.all(Array.from({ length: MAX_ACTIVE_JOBS_PER_PROJECT }, () => post(body)));
    expect(accepted.map((result) => result.status)).toEqual(Array.from({ length: MAX_ACTIVE_JOBS_PER_PROJECT }, () => 200));
    const refused = await post(body);
    expect(refused.status).toBe(429);
    assertCdfError(refused.body);
    assertMatchesResponse('429ErrorResponse', refused.body);
    expect(refused.body.error?.message).toMatch(/at most 20/);
    await waitForJob(accepted.at(-1)?.body.jobId as number);
    await setFaults([]);
    const again = await post(body);
    expect(again.status).toBe(200);
    expect((await waitForJob(again.body.jobId)).final.status).toBe('Completed');
  });
});

describe('@cognite/sdk as the client', () => {
  it('drives a job to completion with client.post and client.get', async () => {
    const client = new CogniteClient({
      appId: 'segment-integration-test',
      project: emulator.config.project,
      baseUrl: emulator.baseUrl,
      oidcTokenProvider: () => Promise.resolve(emulator.config.token),
    });
    await client.authenticate();
    const base = `/api/v1/projects/${encodeURIComponent(client.project)}/context/vision/segment`;
    const { data: job, status } = await client.post<JobBody>(base, {
      headers: BETA,
      data: { items: [{ fileId: COFFEE_ID }], points: [{ x: 0.5, y: 0.55, label: 1 }, { x: 0.05, y: 0.05, label: 0 }] },
    });
    expect(status).toBe(200);
    let current = job;
    const deadline = Date.now() + 30_000;
    while (current.status !== 'Completed' && current.status !== 'Failed') {
      if (Date.now() > deadline) throw new Error('job did not finish');
      await new Promise((resolve) => setTimeout(resolve, 100));
      current = (await client.get<JobBody>(`${base}/${job.jobId}`, { headers: BETA })).data;
    }
    assertMatchesResponse('VisionSegmentGetResponse', current);
    expect(current.status).toBe('Completed');
    expect(current.items[0]?.segments?.length).toBeGreaterThan(0);
  });
});
