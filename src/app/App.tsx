import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef } from 'react';
import { annotationKeys, annotationQueries } from '../api/annotationQueries';
import { FileCanvas } from '../features/files/FileCanvas';
import { FileList } from '../features/files/FileList';
import { chooseFile } from '../features/files/selectedFile';
import { useCurrentFileId } from '../features/files/useCurrentFile';
import { useImageNavigationKeys } from '../features/files/useImageNavigationKeys';
import type { Annotation } from '../../contract';
import { annotationCountText, countByFile, useOutboxPageHooks, withConfirmedWrite } from '../features/annotations';
import { markAnnotationSaved } from '../lib/timingMarks';
import { useAnnotationStore } from '../store/annotationStore';
import { useSavedAnnotationsView } from '../store/savedAnnotationsView';
import { useAnnotationCanvasBindings } from './useAnnotationCanvasBindings';
// The annotation loop: its toolbar, side panel and job runner.
import { AnnotationShortcuts } from './AnnotationShortcuts';
import { AnnotationToolbar } from './AnnotationToolbar';
import { SegmentationPanel } from '../features/segmentation/SegmentationPanel';
import { SegmentationRunner } from '../features/segmentation/SegmentationRunner';
import { AnnotationsPanel, useProjectFileIds } from './AnnotationsPanel';
import { AppLayout } from './AppLayout';
import { useCdfClient } from '../api/clientContext';
import { useOutbox, useOutboxConfirmations } from './outboxContext';
import type { LabellingShortcutHandlers } from './useAnnotationShortcuts';
import { useSaveAnnotation } from './useSaveAnnotation';
import { useSavedAnnotations } from './useSavedAnnotations';
import { useHostBridge } from './useHostBridge';
import { ErrorAlert } from '../components/ErrorAlert';

/** The first image after `currentId` (wrapping) whose count is known to be 0; null when there is none. */
export function nextUnannotatedId(fileIds: readonly number[], currentId: number | null, counts: ReadonlyMap<number, number>): number | null {
  const start = currentId === null ? -1 : fileIds.indexOf(currentId);
  for (let step = 1; step <= fileIds.length; step += 1) {
    const id = fileIds[(start + step + fileIds.length) % fileIds.length];
    if (id !== undefined && id !== currentId && counts.get(id) === 0) return id;
  }
  return null;
}

/** Wires the features into the layout: files on the left, the canvas in the middle, segmentation and labelling on the right. */
export function App() {
  const client = useCdfClient();
  const queryClient = useQueryClient();
  const fileId = useCurrentFileId();
  const outbox = useOutbox();
  const saved = useSavedAnnotations(client, fileId);
  const saver = useSaveAnnotation(client, fileId);
  const canvasBindings = useAnnotationCanvasBindings(client, fileId, saved.shapes);
  const labelInputRef = useRef<HTMLInputElement>(null);
  // The embedding page's commands and events (auth.mode "host" only).
  const hostBridge = useHostBridge(client, fileId);
  const fileIds = useProjectFileIds(client);
  const project = useQuery(annotationQueries.files(client, fileIds));
  const counts = useMemo(() => (project.data === undefined || fileIds === null ? null : countByFile(project.data, fileIds)), [project.data, fileIds]);
  // D / A: next / previous image, from anywhere but a text field.
  useImageNavigationKeys();
  // Warn before a tab with unsent writes closes; send at once when the browser is back online.
  useOutboxPageHooks(outbox);
  useOutboxConfirmations((confirmation) => {
    if (confirmation.kind === 'create') markAnnotationSaved(confirmation.fileId, confirmation.annotations.map((annotation) => annotation.id));
    // The counts and the labels in use change with every confirmed write: update the cached lists in place rather
    // than list every annotation of the project again after each save.
    const updated = (listed: Annotation[] | undefined) => (listed === undefined ? undefined : withConfirmedWrite(listed, confirmation));
    queryClient.setQueryData<Annotation[]>(annotationKeys.file(client, confirmation.fileId), updated);
    queryClient.setQueriesData<Annotation[]>({ queryKey: annotationKeys.filesAll(client) }, updated);
  });

  // Ctrl+Z restores a deletion only right after it: any prompt edit in between gives Ctrl+Z back to the prompts.
  useEffect(
    () =>
      useAnnotationStore.subscribe((state, previous) => {
        if (state.revision !== previous.revision) useSavedAnnotationsView.getState().actions.deletionUndoExpired();
      }),
    [],
  );

  const nextUnannotated = () => {
    if (fileIds === null || counts === null) return;
    const target = nextUnannotatedId(fileIds, fileId, counts);
    if (target !== null) chooseFile({ id: target });
  };
  const labelling: LabellingShortcutHandlers = {
    focusLabel: () => labelInputRef.current?.focus(),
    saveAnnotation: saver.save,
    nextUnannotated,
    undoDeletion() {
      const { lastDeleted, actions } = useSavedAnnotationsView.getState();
      if (lastDeleted === null || outbox === null) return false;
      actions.deletionUndoExpired();
      if (lastDeleted.kind === 'saved') outbox.restore(lastDeleted.annotation);
      else outbox.save(lastDeleted.fileId, [lastDeleted.item]);
      return true;
    },
  };
  const noteFor = (id: number) => {
    const count = counts?.get(id);
    return count === undefined ? null : annotationCountText(count);
  };

  return (
    <>
      <SegmentationRunner client={client} />
      <AnnotationShortcuts client={client} labelling={labelling} />
      <AppLayout
        toolbar={<AnnotationToolbar />}
        notice={
          hostBridge.notice !== null && (
            <div className="host-notice">
              <ErrorAlert error={hostBridge.notice} />
              <button type="button" onClick={hostBridge.dismissNotice}>
                Dismiss
              </button>
            </div>
          )
        }
        files={
          <>
            <button type="button" className="next-unannotated" aria-keyshortcuts="N" onClick={nextUnannotated} disabled={counts === null}>
              Next unannotated
            </button>
            <FileList noteFor={noteFor} />
          </>
        }
        canvas={<FileCanvas {...canvasBindings} />}
        sidePanel={
          <>
            <AnnotationsPanel client={client} saver={saver} saved={saved} labelInputRef={labelInputRef} />
            <SegmentationPanel client={client} />
          </>
        }
      />
    </>
  );
}
