import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import { StrictMode, type ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCdfClient } from '../api/client';
import { fileKeys } from '../api/queries';
import type { AppToHostMessage, HostChannel, HostToAppMessage } from '../lib/hostProtocol';
import { useLabelSuggestionsStore } from '../store/labelSuggestions';
import { HostChannelContext } from './cdfContext';
import { useHostBridge } from './useHostBridge';

/** A channel the test talks through: what the app posted, and a way to deliver host messages. */
function fakeChannel() {
  const posted: AppToHostMessage[] = [];
  const listeners = new Set<(message: HostToAppMessage) => void>();
  const channel: HostChannel = {
    post: (message) => posted.push(message),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => listeners.clear(),
  };
  const deliver = (message: HostToAppMessage) => act(() => listeners.forEach((listener) => listener(message)));
  return { channel, posted, deliver };
}

const file = (id: number, externalId: string, mimeType = 'image/png') => ({ id, externalId, name: `${externalId}.png`, mimeType, uploaded: true, createdTime: 1, lastUpdatedTime: 1 });
const KNOWN = [file(11, 'pump'), file(12, 'valve'), file(13, 'notes', 'text/plain')];

/** A real client over a fetch that answers files/byids from KNOWN; `gateFor` holds chosen look-ups back. */
function clientWith(gateFor: (ref: unknown) => Promise<void> = () => Promise.resolve()) {
  return createCdfClient({
    baseUrl: 'https://cdf.test',
    project: 'p',
    getToken: () => Promise.resolve('token'),
    fetch: async (_input, init) => {
      const body = JSON.parse(init?.body as string) as { items: Array<{ id?: number; externalId?: string }> };
      const ref = body.items[0];
      await gateFor(ref);
      const found = KNOWN.find((candidate) => candidate.id === ref?.id || candidate.externalId === ref?.externalId);
      if (found === undefined) {
        return new Response(JSON.stringify({ error: { code: 400, message: 'Files not found', missing: [ref] } }), { status: 400, headers: { 'content-type': 'application/json' } });
      }
      return new Response(JSON.stringify({ items: [found] }), { status: 200, headers: { 'content-type': 'application/json' } });
    },
  });
}

function renderBridge(channel: HostChannel | null, client = clientWith(), initialFileId: number | null = null) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <HostChannelContext value={channel}>{children}</HostChannelContext>
      </QueryClientProvider>
    </StrictMode>
  );
  const view = renderHook(({ fileId }: { fileId: number | null }) => useHostBridge(client, fileId), { wrapper, initialProps: { fileId: initialFileId } });
  return Object.assign(view, { queryClient });
}

const urlFileId = () => new URL(window.location.href).searchParams.get('fileId');

beforeEach(() => {
  window.history.replaceState(null, '', '/?fileId=11');
  useLabelSuggestionsStore.setState(useLabelSuggestionsStore.getInitialState());
});
afterEach(() => cleanup());

describe('useHostBridge', () => {
  it('says ready once (also under StrictMode) and reports each newly shown file once', () => {
    const { channel, posted } = fakeChannel();
    const view = renderBridge(channel, undefined, 11);
    view.rerender({ fileId: 11 });
    view.rerender({ fileId: 12 });
    expect(posted).toEqual([
      { type: 'annotator:ready', protocol: 1 },
      { type: 'annotator:file-opened', fileId: 11 },
      { type: 'annotator:file-opened', fileId: 12 },
    ]);
  });

  it('does nothing without a channel (not in host mode)', () => {
    const view = renderBridge(null, undefined, 11);
    expect(view.result.current.notice).toBeNull();
  });

  it('opens a file by externalId through the same command as the file list (the URL names its id)', async () => {
    const { channel, deliver } = fakeChannel();
    renderBridge(channel);
    deliver({ type: 'annotator:open-file', fileExternalId: 'valve' });
    await waitFor(() => expect(urlFileId()).toBe('12'));
  });

  it('leaves the open file for an unknown id or a file that is not an image, and says why', async () => {
    const { channel, deliver } = fakeChannel();
    const view = renderBridge(channel);
    deliver({ type: 'annotator:open-file', fileExternalId: 'no-such-file' });
    await waitFor(() => expect(view.result.current.notice?.title).toMatch(/cannot open: File not found/));
    expect(urlFileId()).toBe('11');
    deliver({ type: 'annotator:open-file', fileId: 13 });
    await waitFor(() => expect(view.result.current.notice?.title).toMatch(/not an image/));
    expect(urlFileId()).toBe('11');
    act(() => view.result.current.dismissNotice());
    expect(view.result.current.notice).toBeNull();
  });

  it('the newest open-file wins even when an older look-up answers later', async () => {
    const { channel, deliver } = fakeChannel();
    let releasePump = () => undefined as void;
    const pumpGate = new Promise<void>((resolve) => (releasePump = resolve));
    const client = clientWith((ref) => ((ref as { externalId?: string }).externalId === 'pump' ? pumpGate : Promise.resolve()));
    const view = renderBridge(channel, client);
    window.history.replaceState(null, '', '/?fileId=13');
    deliver({ type: 'annotator:open-file', fileExternalId: 'pump' });
    deliver({ type: 'annotator:open-file', fileExternalId: 'valve' });
    await waitFor(() => expect(urlFileId()).toBe('12'));
    releasePump();
    // The older look-up has answered and its handler has run (the cache holds the answer; one more task for the rest).
    await waitFor(() => expect(view.queryClient.getQueryData(fileKeys.detail(client, { externalId: 'pump' }))).toBeDefined());
    await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
    expect(urlFileId()).toBe('12');
  });

  it('replaces the label suggestions, without case-insensitive repeats', () => {
    const { channel, deliver } = fakeChannel();
    renderBridge(channel);
    deliver({ type: 'annotator:set-labels', labels: ['pump', 'Valve', 'PUMP'] });
    expect(useLabelSuggestionsStore.getState().configuredLabels).toEqual(['pump', 'Valve']);
  });
});
