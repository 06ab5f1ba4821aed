import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { promptPoint } from '../../store/promptSet';
import { useAnnotationStore } from '../../store/annotationStore';
import { StorageWarning } from './StorageWarning';

const annotation = () => useAnnotationStore.getState().actions;

describe('storage warning', () => {
  beforeEach(() => {
    window.localStorage.clear();
    useAnnotationStore.setState(useAnnotationStore.getInitialState(), true);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it('appears once when a save fails, in a polite live region, and stays away once dismissed', () => {
    const { container } = render(<StorageWarning />);
    expect(container.querySelector('[aria-live="polite"]')).not.toBeNull();
    expect(screen.queryByText(/could not be saved/)).toBeNull();
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    act(() => annotation().fileOpened({ fileId: 1, scope: 'test' }));
    act(() => annotation().pointPlaced(promptPoint(0.5, 0.5, 1)));
    expect(screen.getByText(/could not be saved/)).toBeTruthy();
    act(() => annotation().pointPlaced(promptPoint(0.6, 0.5, 1)));
    expect(screen.getAllByText(/could not be saved/)).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText(/could not be saved/)).toBeNull();
    act(() => annotation().pointPlaced(promptPoint(0.7, 0.5, 1)));
    expect(screen.queryByText(/could not be saved/)).toBeNull();
  });
});
