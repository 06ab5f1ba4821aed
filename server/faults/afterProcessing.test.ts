/**
 * `http` faults with `afterProcessing: true`: the request is carried out in full (and persisted) and only its answer
 * is replaced, which is how a client sees a response lost on the way back.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AnnotationListResponse } from '../../contract';
import { SAMPLE_FILE_ID, objectDetectionItem } from '../testing/annotationItems';
import { assertCdfError } from '../testing/openapi';
import { startEmulator, type StartedEmulator } from '../testing/startEmulator';

let emulator: StartedEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
  annotationsPath = new URL(`${emulator.projectUrl}/annotations`).pathname;
});
afterEach(async () => {
  expect((await emulator.request('POST', '/_emulator/reset')).status).toBe(200);
});
afterAll(async () => {
  await emulator.close();
});

let annotationsPath = '';
const setFaults = async (faults: unknown[]) => {
  const response = await emulator.request('POST', '/_emulator/faults', { body: { faults } });
  expect(response.status, await response.clone().text()).toBe(200);
};

async function countOnSample(label: string): Promise<number> {
  const response = await emulator.request('POST', '/annotations/list', {
    body: { filter: { annotatedResourceType: 'file', annotatedResourceIds: [{ id: SAMPLE_FILE_ID }], data: { label } }, limit: 1000 },
  });
  return ((await response.json()) as AnnotationListResponse).items.length;
}

describe('afterProcessing http faults', () => {
  it('create: the annotation is stored although the client gets the injected 502', async () => {
    await setFaults([{ type: 'http', method: 'POST', path: annotationsPath, status: 502, times: 1, afterProcessing: true, headers: { 'Retry-After': '1' } }]);
    const lost = await emulator.request('POST', '/annotations', { body: { items: [objectDetectionItem({}, { label: 'lost-answer' })] } });
    expect(lost.status).toBe(502);
    expect(lost.headers.get('retry-after')).toBe('1');
    expect(lost.headers.get('x-request-id')).toMatch(/^[0-9a-f]{16}$/);
    const body: unknown = await lost.json();
    assertCdfError(body);
    expect(body).toEqual({ error: { code: 502, message: 'Injected 502 after processing' } });
    expect(await countOnSample('lost-answer')).toBe(1);

    // `times: 1`: the next create is answered normally.
    const next = await emulator.request('POST', '/annotations', { body: { items: [objectDetectionItem({}, { label: 'lost-answer' })] } });
    expect(next.status).toBe(201);
    expect(await countOnSample('lost-answer')).toBe(2);
  });

  it('without afterProcessing the request never reaches the route', async () => {
    await setFaults([{ type: 'http', method: 'POST', path: annotationsPath, status: 503, times: 1 }]);
    const refused = await emulator.request('POST', '/annotations', { body: { items: [objectDetectionItem({}, { label: 'refused' })] } });
    expect(refused.status).toBe(503);
    expect(await countOnSample('refused')).toBe(0);
  });

  it('replaces error answers too, and takes its own message', async () => {
    await setFaults([{ type: 'http', path: `${annotationsPath}/byids`, status: 500, afterProcessing: true, message: 'Gone on the way back' }]);
    const response = await emulator.request('POST', '/annotations/byids', { body: { items: [{ id: 1 }] } });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: { code: 500, message: 'Gone on the way back' } });
  });

  it('rejects a non-boolean afterProcessing, naming it', async () => {
    const response = await emulator.request('POST', '/_emulator/faults', {
      body: { faults: [{ type: 'http', path: '/x', status: 502, afterProcessing: 'yes' }] },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/faults\[0\]\.afterProcessing/);
  });
});
