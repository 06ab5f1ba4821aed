import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { promptPoint } from '../../store/promptSet';
import { selectActiveFilePrompts, useAnnotationStore } from '../../store/annotationStore';
import { FakeSegmentClient } from '../../test/fakeSegmentClient';
import { JobStatus, errorStatusText } from './JobStatus';
import { resultKeyFor } from './segmentRequest';
import { useSegmentationStore } from './segmentationStore';

describe('job status line', () => {
  beforeEach(() => {
    useAnnotationStore.setState(useAnnotationStore.getInitialState(), true);
    useSegmentationStore.setState(useSegmentationStore.getInitialState(), true);
  });
  afterEach(() => cleanup());

  it('says Failed only for a job that failed; polling that stopped is not a Failed job', () => {
    expect(errorStatusText({ cause: 'job-failed', message: 'x', jobId: 4 })).toBe('Failed · job 4');
    expect(errorStatusText({ cause: 'polling-stopped', message: 'x', jobId: 4 })).toBe('Stopped waiting · job 4');
    expect(errorStatusText({ cause: 'not-created', message: 'x' })).toBe('Failed · job not created');
  });

  it('qualifies a job in flight as "for earlier prompts" after Clear prompts', () => {
    useAnnotationStore.getState().actions.fileOpened({ fileId: 1, scope: 'test' });
    act(() => useAnnotationStore.getState().actions.pointPlaced(promptPoint(0.5, 0.5, 1)));
    const ownKey = resultKeyFor('test:1', selectActiveFilePrompts(useAnnotationStore.getState()).current);
    useSegmentationStore.setState({
      scheduler: {
        ...useSegmentationStore.getState().scheduler,
        inFlight: { target: { resultKey: ownKey, revision: 2, request: { items: [{ fileId: 1 }] } }, attempt: 1, jobId: null },
      },
    });
    render(
      <QueryClientProvider client={new QueryClient()}>
        <JobStatus client={new FakeSegmentClient()} />
      </QueryClientProvider>,
    );
    expect(screen.getByRole('status').textContent).toBe('Submitting job…'); // the job is for the prompts on screen
    act(() => useAnnotationStore.getState().actions.promptsCleared());
    expect(screen.getByRole('status').textContent).toBe('Submitting job… · for earlier prompts');
  });
});
