import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ObjectDetectionCreateItem } from '../../../../contract';
import { createFakeOutboxApi, httpError } from './fakeOutboxApi';
import { createOutbox } from './outbox';
import { useFileOutbox, useHasUnsent, useOutboxPageHooks } from './useOutbox';

const item: ObjectDetectionCreateItem = {
  annotatedResourceType: 'file',
  annotatedResourceId: 3,
  annotationType: 'images.ObjectDetection',
  creatingApp: 'app',
  creatingAppVersion: '1.0.0',
  creatingUser: null,
  status: 'approved',
  data: { label: 'pump', polygon: { vertices: [{ x: 0, y: 0 }, { x: 1, y: 0 }, { x: 0, y: 1 }] } },
};

describe('outbox hooks', () => {
  it('re-render with the file snapshot and the unsent flag as writes go and land', async () => {
    const fake = createFakeOutboxApi();
    fake.fail('create', { when: 'before', error: httpError(503) });
    const outbox = createOutbox({ scope: { baseUrl: 'http://cdf.test', project: 'demo' }, api: fake.api, persistence: null, random: () => 0.1 });
    await outbox.start();
    const { result } = renderHook(() => ({ file: useFileOutbox(outbox, 3), unsent: useHasUnsent(outbox) }));
    expect(result.current.file?.pendingCreates).toEqual([]);
    expect(result.current.unsent).toBe(false);
    act(() => {
      outbox.save(3, [item]);
    });
    expect(result.current.unsent).toBe(true);
    await waitFor(() => expect(result.current.file?.pendingCreates[0]?.saveState).toBe('retrying'));
    await waitFor(() => expect(result.current.unsent).toBe(false));
    expect(result.current.file?.confirmed.size).toBe(1);
    outbox.stop();
  });

  it('asks before the tab closes only while something is unsent', async () => {
    const fake = createFakeOutboxApi();
    const outbox = createOutbox({ scope: { baseUrl: 'http://cdf.test', project: 'demo' }, api: fake.api, persistence: null });
    renderHook(() => useOutboxPageHooks(outbox));
    const quiet = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(quiet);
    expect(quiet.defaultPrevented).toBe(false);

    outbox.save(3, [item]);
    const warned = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(warned);
    expect(warned.defaultPrevented).toBe(true);

    await outbox.start();
    await waitFor(() => expect(outbox.hasUnsent()).toBe(false));
  });
});
