/** Installs the annotation loop's keyboard shortcuts on the window (see shortcuts.ts for the mapping and rules). */
import { useEffect } from 'react';
import { useAnnotationStore } from '../../store/annotationStore';
import { pendingJobAbandoned, segmentRequested } from '../segmentation/segmentationCommands';
import { useSegmentationStore } from '../segmentation/segmentationStore';
import { lastPointRemoved } from './promptCommands';
import { shortcutFor, shortcutKeyEventFrom, type ShortcutCommand } from './shortcuts';

function run(command: ShortcutCommand): void {
  const { actions } = useAnnotationStore.getState();
  switch (command.kind) {
    case 'undo':
      return actions.undoRequested();
    case 'redo':
      return actions.redoRequested();
    case 'segment':
      return segmentRequested();
    case 'abandon':
      return pendingJobAbandoned();
    case 'toggle-overlay':
      return actions.overlayVisibilityToggled();
    case 'select-candidate':
      if (command.index < useSegmentationStore.getState().listedCandidateCount) actions.candidateSelected(command.index);
      return;
    case 'remove-last-point':
      return lastPointRemoved();
    case 'toggle-help':
      return actions.shortcutHelpToggled();
  }
}

export function useAnnotationShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const command = shortcutFor(shortcutKeyEventFrom(event));
      if (!command) return;
      // Keep the browser's own meaning of these keys (Backspace navigation, Ctrl+Y history) from firing as well.
      event.preventDefault();
      run(command);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
