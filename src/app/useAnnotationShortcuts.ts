/**
 * Installs the annotation loop's keyboard shortcuts on the window (see features/prompting/shortcuts.ts for the mapping
 * and rules). Lives in app/ because one key map drives two features: prompting (undo, remove a point) and
 * segmentation (segment, abandon, choose a candidate).
 */
import { useEffect, useEffectEvent } from 'react';
import { useAnnotationStore } from '../store/annotationStore';
import { pendingJobAbandoned, segmentRequested } from '../features/segmentation/segmentationCommands';
import { lastPointRemoved } from '../features/prompting/promptCommands';
import { shortcutFor, shortcutKeyEventFrom, type ShortcutCommand } from '../features/prompting/shortcuts';

/** What the labelling part of the loop does for its keys (L, S, N, Ctrl+Z right after a delete). */
export interface LabellingShortcutHandlers {
  readonly focusLabel: () => void;
  readonly saveAnnotation: () => void;
  readonly nextUnannotated: () => void;
  /** Restores the annotation deleted last, if Ctrl+Z comes right after the delete; false when there is none. */
  readonly undoDeletion: () => boolean;
}

function run(command: ShortcutCommand, candidateCount: number, labelling: LabellingShortcutHandlers): void {
  const { actions } = useAnnotationStore.getState();
  switch (command.kind) {
    case 'undo':
      if (labelling.undoDeletion()) return;
      return actions.undoRequested();
    case 'focus-label':
      return labelling.focusLabel();
    case 'save-annotation':
      return labelling.saveAnnotation();
    case 'next-unannotated':
      return labelling.nextUnannotated();
    case 'redo':
      return actions.redoRequested();
    case 'segment':
      return segmentRequested();
    case 'abandon':
      return pendingJobAbandoned();
    case 'toggle-overlay':
      return actions.overlayVisibilityToggled();
    case 'select-candidate':
      // A number past the list does nothing (the selection stays).
      if (command.index < candidateCount) actions.candidateSelected(command.index);
      return;
    case 'remove-last-point':
      return lastPointRemoved();
    case 'toggle-help':
      return actions.shortcutHelpToggled();
  }
}

/** `candidateCount`: how many candidates the Segments list shows now. */
export function useAnnotationShortcuts(candidateCount: number, labelling: LabellingShortcutHandlers): void {
  const onKeyDown = useEffectEvent((event: KeyboardEvent) => {
    const command = shortcutFor(shortcutKeyEventFrom(event));
    if (!command) return;
    // Keep the browser's own meaning of these keys (Backspace navigation, Ctrl+Y history) from firing as well.
    event.preventDefault();
    run(command, candidateCount, labelling);
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKeyDown(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
}
