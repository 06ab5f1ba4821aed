import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AnnotationList, type AnnotationListProps } from './AnnotationList';
import type { AnnotationRow } from './outbox';

function props(overrides: Partial<AnnotationListProps>): AnnotationListProps {
  return {
    rows: [],
    selectedKey: null,
    onSelect: vi.fn(),
    onApprove: vi.fn(),
    onReject: vi.fn(),
    onDelete: vi.fn(),
    onRetry: vi.fn(),
    onDiscard: vi.fn(),
    savedHidden: false,
    onToggleSavedHidden: vi.fn(),
    durable: true,
    imageOpen: true,
    loadError: null,
    ...overrides,
  };
}

const savedCup: AnnotationRow = {
  key: 'id:7',
  target: { annotationId: 7 },
  annotationId: 7,
  label: 'cup',
  status: 'suggested',
  data: null,
  saveState: 'confirmed',
  error: null,
  entryId: null,
};

afterEach(cleanup);

describe('AnnotationList', () => {
  it('says to open an image when none is open, instead of loading forever (e.g. after the image list failed)', () => {
    render(<AnnotationList {...props({ rows: undefined, imageOpen: false })} />);
    expect(screen.getByText('Open an image to see its annotations.')).toBeTruthy();
    expect(screen.queryByText('Loading annotations…')).toBeNull();
  });

  it('says it is loading while the open image’s list loads', () => {
    render(<AnnotationList {...props({ rows: undefined })} />);
    expect(screen.getByText('Loading annotations…')).toBeTruthy();
  });

  it('scrolls the selected row into view (a shape clicked on the canvas selects it)', () => {
    const scrollIntoView = vi.spyOn(Element.prototype, 'scrollIntoView');
    try {
      const other: AnnotationRow = { ...savedCup, key: 'id:8', annotationId: 8, target: { annotationId: 8 }, label: 'saucer' };
      const { rerender } = render(<AnnotationList {...props({ rows: [savedCup, other] })} />);
      expect(scrollIntoView).not.toHaveBeenCalled();
      rerender(<AnnotationList {...props({ rows: [savedCup, other], selectedKey: 'id:8' })} />);
      expect(scrollIntoView.mock.contexts.map((element) => (element as HTMLElement).dataset.annotationKey)).toEqual(['id:8']);
    } finally {
      scrollIntoView.mockRestore();
    }
  });

  it('lists a row with its label and status, and its buttons act on that row', () => {
    const onApprove = vi.fn();
    const onDelete = vi.fn();
    render(<AnnotationList {...props({ rows: [savedCup], onApprove, onDelete })} />);
    const list = screen.getByRole('list', { name: 'Annotations' });
    expect(list.textContent).toContain('cup');
    expect(list.textContent).toContain('suggested');
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(onApprove).toHaveBeenCalledWith(savedCup);
    expect(onDelete).toHaveBeenCalledWith(savedCup);
  });
});
