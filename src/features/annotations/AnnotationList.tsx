/**
 * `role="list"` named `Annotations`: the open image's annotations, saved and pending, each with its label, status and
 * save state (`Saving…`, `Not saved · retrying`, or CDF's refusal), and `Approve` / `Reject` / `Delete`. No confirmation
 * on Delete: Ctrl+Z right after it restores the annotation. Clicking a row selects it (and its shape on the canvas).
 */
import { useEffect, useRef } from 'react';
import type { AnnotationRow } from './outbox';

export interface AnnotationListProps {
  /** undefined while CDF's list of the image loads. */
  readonly rows: readonly AnnotationRow[] | undefined;
  readonly selectedKey: string | null;
  readonly onSelect: (key: string) => void;
  readonly onApprove: (row: AnnotationRow) => void;
  readonly onReject: (row: AnnotationRow) => void;
  readonly onDelete: (row: AnnotationRow) => void;
  readonly onRetry: (entryId: string) => void;
  readonly onDiscard: (entryId: string) => void;
  readonly savedHidden: boolean;
  readonly onToggleSavedHidden: () => void;
  /** False when IndexedDB is unavailable: unsent work would not survive a reload. */
  readonly durable: boolean;
  /** False while no image is open: the list says so rather than "Loading…" forever. */
  readonly imageOpen: boolean;
  /** CDF's list could not be loaded. */
  readonly loadError: string | null;
}

const SAVE_STATE_TEXT: Record<AnnotationRow['saveState'], string | null> = {
  confirmed: null,
  saving: 'Saving…',
  retrying: 'Not saved · retrying',
  failed: 'Not saved',
};

export function AnnotationList(props: AnnotationListProps) {
  const { rows, selectedKey, onSelect, onApprove, onReject, onDelete, onRetry, onDiscard, savedHidden, onToggleSavedHidden, durable, imageOpen, loadError } = props;
  const listRef = useRef<HTMLUListElement>(null);
  // A shape clicked on the canvas selects its row: bring the row into view, as a long list may hide it.
  useEffect(() => {
    if (selectedKey === null) return;
    const rowElement = Array.from(listRef.current?.children ?? []).find((child) => child instanceof HTMLElement && child.dataset.annotationKey === selectedKey);
    rowElement?.scrollIntoView({ block: 'nearest' });
  }, [selectedKey]);
  return (
    <section className="annotation-list" aria-labelledby="annotations-heading">
      <h2 id="annotations-heading">Annotations</h2>
      {!durable && (
        <p className="label-message" role="alert">
          This browser cannot store unsent annotations (IndexedDB is unavailable): keep this tab open until they show as saved.
        </p>
      )}
      {loadError !== null && (
        <p className="label-message" role="alert">
          Could not list this image&apos;s annotations: {loadError}
        </p>
      )}
      <label className="toggle">
        <input type="checkbox" checked={!savedHidden} onChange={onToggleSavedHidden} /> Show saved annotations on the image
      </label>
      {!imageOpen && <p className="hint">Open an image to see its annotations.</p>}
      {imageOpen && rows === undefined && loadError === null && <p className="hint">Loading annotations…</p>}
      {rows !== undefined && rows.length === 0 && <p className="hint">No annotations on this image yet.</p>}
      <ul ref={listRef} role="list" aria-label="Annotations">
        {(rows ?? []).map((row) => {
          const selected = row.key === selectedKey;
          const saveText = SAVE_STATE_TEXT[row.saveState];
          return (
            <li key={row.key} aria-current={selected ? 'true' : undefined} className={selected ? 'selected' : undefined} data-annotation-key={row.key}>
              <button type="button" className="annotation-row-label" aria-pressed={selected} onClick={() => onSelect(row.key)}>
                <span className="annotation-label">{row.label}</span> · <span className={`annotation-status status-${row.status}`}>{row.status}</span>
                {saveText !== null && <span className={`save-state save-${row.saveState}`}> · {saveText}</span>}
              </button>
              {row.error !== null && row.saveState !== 'confirmed' && <p className="hint">{row.error}</p>}
              <span className="annotation-actions">
                <button type="button" onClick={() => onApprove(row)} disabled={row.status === 'approved'}>
                  Approve
                </button>
                <button type="button" onClick={() => onReject(row)} disabled={row.status === 'rejected'}>
                  Reject
                </button>
                <button type="button" onClick={() => onDelete(row)}>
                  Delete
                </button>
                {row.saveState === 'failed' && row.entryId !== null && (
                  <>
                    <button type="button" onClick={() => row.entryId !== null && onRetry(row.entryId)}>
                      Retry
                    </button>
                    <button type="button" onClick={() => row.entryId !== null && onDiscard(row.entryId)}>
                      Discard
                    </button>
                  </>
                )}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
