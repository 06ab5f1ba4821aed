/**
 * Undo, Redo and Clear prompts: the prompt-editing buttons of the toolbar row. Unavailable buttons are marked
 * `aria-disabled` rather than `disabled`, so every button stays reachable with Tab and announces why it does nothing;
 * their actions are no-ops then (nothing to undo, redo or clear).
 */
import { useAnnotationActions, useCanRedo, useCanUndo, useHasPrompts } from '../../store/annotationStore';

export function PromptToolbar() {
  const actions = useAnnotationActions();
  const canUndo = useCanUndo();
  const canRedo = useCanRedo();
  const hasPrompts = useHasPrompts();
  return (
    <div role="group" aria-label="Prompts" className="prompt-toolbar">
      <button type="button" onClick={actions.undoRequested} aria-disabled={!canUndo} aria-keyshortcuts="Control+Z" title="Undo (Ctrl+Z)">
        Undo
      </button>
      <button
        type="button"
        onClick={actions.redoRequested}
        aria-disabled={!canRedo}
        aria-keyshortcuts="Control+Shift+Z Control+Y"
        title="Redo (Ctrl+Shift+Z or Ctrl+Y)"
      >
        Redo
      </button>
      <button type="button" onClick={actions.promptsCleared} aria-disabled={!hasPrompts} title="Remove every point and the box (undoable)">
        Clear prompts
      </button>
    </div>
  );
}
