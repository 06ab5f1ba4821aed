import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { fileQueries } from '../../api/queries';
import { useCdfClient } from '../../api/clientContext';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FileThumbnail } from './FileThumbnail';
import { idAfterStep, listImageStepFor } from './imageNavigation';
import { chooseFile } from './selectedFile';
import { useCurrentFile } from './useCurrentFile';

/**
 * The project's JPEG and PNG files with thumbnails; choosing one opens it on the canvas and in the URL. The rows are
 * buttons named by the file name with a roving tab stop: Tab reaches the open image's row, ↑ / ↓ (Home / End) open
 * the previous / next (first / last) image and move the focus with it, and the open row is scrolled into view.
 */
export interface FileListProps {
  /** Per image, a note such as `3 annotations` once known (null: not known yet). */
  readonly noteFor?: (fileId: number) => string | null;
}

export function FileList({ noteFor }: FileListProps = {}) {
  const client = useCdfClient();
  const list = useQuery(fileQueries.imageList(client));
  const current = useCurrentFile();
  const currentId = current.status === 'ready' ? current.file.id : null;
  const listRef = useRef<HTMLUListElement>(null);
  const files = list.data?.files;
  const tabStopId = files?.some((file) => file.id === currentId) ? currentId : (files?.[0]?.id ?? null);

  // Keep the open image's row visible, and the focus on it when the focus was in the list (also after D / A).
  useEffect(() => {
    const listElement = listRef.current;
    if (listElement === null || currentId === null) return;
    const row = listElement.querySelector<HTMLButtonElement>(`button[data-file-id="${currentId}"]`);
    if (row === null) return;
    if (listElement.contains(document.activeElement) && document.activeElement !== row) row.focus({ preventScroll: true });
    row.scrollIntoView({ block: 'nearest' });
  }, [currentId, files]);

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const step = listImageStepFor(event);
    if (step === null || files === undefined) return;
    // The arrows would otherwise scroll the panel.
    event.preventDefault();
    const focusedId = event.target instanceof HTMLElement ? Number(event.target.dataset.fileId) : NaN;
    const fromId = Number.isFinite(focusedId) ? focusedId : currentId;
    const target = idAfterStep(
      files.map((file) => file.id),
      fromId,
      step,
    );
    if (target !== null) chooseFile({ id: target });
  };

  if (list.isPending) return <p className="muted">Loading images…</p>;
  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data.files.length === 0) return <p className="muted">This project has no JPEG or PNG files.</p>;
  return (
    <>
      <ul ref={listRef} className="file-list" aria-label="Images" aria-keyshortcuts="ArrowDown ArrowUp Home End" onKeyDown={onKeyDown}>
        {list.data.files.map((file) => (
          <li key={file.id}>
            <button
              type="button"
              className="file-item"
              data-file-id={file.id}
              tabIndex={file.id === tabStopId ? 0 : -1}
              aria-current={file.id === currentId ? 'true' : undefined}
              onClick={() => chooseFile({ id: file.id })}
              title={file.externalId ?? `id ${file.id}`}
            >
              <FileThumbnail fileId={file.id} />
              {/* Name above its note, so a count such as "12 annotations" never squeezes the name to a few letters. */}
              <span className="file-text">
                <span className="file-name">{file.name}</span>
                {noteFor?.(file.id) != null && <span className="file-note muted">{noteFor(file.id)}</span>}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {list.data.truncated && <p className="muted">Only the first {list.data.files.length} images are listed.</p>}
      <p className="muted file-list-keys">
        <kbd>D</kbd> / <kbd>A</kbd>: next / previous image
      </p>
    </>
  );
}
