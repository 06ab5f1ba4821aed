import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { promptPoint } from '../store/promptSet';
import { useAnnotationStore } from '../store/annotationStore';
import type { FakeSegmentClient } from '../test/fakeSegmentClient';
import { startTestSession } from '../test/testSession';
import { SegmentationPanel } from '../features/segmentation/SegmentationPanel';
import { AnnotationShortcuts } from './AnnotationShortcuts';
import { SegmentationRunner } from '../features/segmentation/SegmentationRunner';

const annotation = () => useAnnotationStore.getState().actions;
// The labelling keys (L, S, N, Ctrl+Z after a delete) are not what this test is about.
const noLabelling = { focusLabel: () => undefined, saveAnnotation: () => undefined, nextUnannotated: () => undefined, undoDeletion: () => false };

function renderPanel(client: FakeSegmentClient) {
  return render(
    <QueryClientProvider client={new QueryClient()}>
      <SegmentationRunner client={client} />
      <AnnotationShortcuts client={client} labelling={noLabelling} />
      <SegmentationPanel client={client} />
    </QueryClientProvider>,
  );
}

describe('segmentation panel', () => {
  let client: FakeSegmentClient;
  beforeEach(() => {
    client = startTestSession();
  });
  afterEach(() => cleanup());

  it('lists candidates best first with score, polygon and vertex counts; keys and clicks choose', async () => {
    renderPanel(client);
    act(() => annotation().pointPlaced(promptPoint(0.3, 0.3, 1)));
    const list = screen.getByRole('list', { name: 'Segments' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2));
    const rows = within(list).getAllByRole('listitem');
    expect(rows[0]).toHaveProperty('textContent', '1. score 0.90 · 2 polygons · 6 vertices');
    expect(rows[1]).toHaveProperty('textContent', '2. score 0.50 · 1 polygon · 3 vertices');
    expect(rows[0]?.getAttribute('aria-current')).toBe('true');
    expect(screen.getByRole('status').textContent).toMatch(/Completed · job 100/);

    fireEvent.keyDown(window, { key: '2' });
    expect(rows[1]?.getAttribute('aria-current')).toBe('true');
    expect(rows[0]?.getAttribute('aria-current')).toBeNull();
    fireEvent.keyDown(window, { key: '7' }); // no seventh candidate: nothing changes
    expect(useAnnotationStore.getState().selectedCandidateIndex).toBe(1);
    fireEvent.click(within(rows[0] as HTMLElement).getByRole('button'));
    expect(rows[0]?.getAttribute('aria-current')).toBe('true');
    fireEvent.mouseEnter(within(rows[1] as HTMLElement).getByRole('button'));
    expect(useAnnotationStore.getState().hoveredCandidateIndex).toBe(1);
  });

  it('shows a failed job in an alert with its job id, and the opacity slider and hide toggle work', async () => {
    client.failuresLeft = 1;
    renderPanel(client);
    act(() => annotation().pointPlaced(promptPoint(0.3, 0.3, 1)));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Injected failure');
    expect(alert.textContent).toContain('Job id: 100');
    expect(screen.getByRole('status').textContent).toMatch(/Failed · job 100/);

    fireEvent.change(screen.getByLabelText('Overlay opacity'), { target: { value: '80' } });
    expect(useAnnotationStore.getState().overlayOpacity).toBe(0.8);
    const hide = screen.getByRole('button', { name: 'Hide overlay' });
    fireEvent.click(hide);
    expect(hide.getAttribute('aria-pressed')).toBe('true');
    fireEvent.keyDown(window, { key: 'h' });
    expect(hide.getAttribute('aria-pressed')).toBe('false');
  });

  it('does not take shortcuts while typing in an input', () => {
    renderPanel(client);
    act(() => annotation().pointPlaced(promptPoint(0.3, 0.3, 1)));
    const slider = screen.getByLabelText('Overlay opacity');
    fireEvent.keyDown(slider, { key: 'z', ctrlKey: true });
    expect(useAnnotationStore.getState().promptsByFile['test:1']?.current.points).toHaveLength(1);
    fireEvent.keyDown(window, { key: 'z', ctrlKey: true });
    expect(useAnnotationStore.getState().promptsByFile['test:1']?.current.points).toHaveLength(0);
  });
});
