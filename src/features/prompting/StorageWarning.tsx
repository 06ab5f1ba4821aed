/**
 * The one-time notice that prompts could not be saved in the browser (storage full even after pruning, or blocked).
 * Non-blocking: a small floating note that covers nothing the loop needs and never takes focus; the live region is
 * always mounted so screen readers announce the text when it appears. Once dismissed it stays away for the session.
 */
import { useAnnotationActions, useStorageWarningShown } from '../../store/annotationStore';

export function StorageWarning() {
  const shown = useStorageWarningShown();
  const actions = useAnnotationActions();
  return (
    <div className="storage-warning-region" aria-live="polite">
      {shown && (
        <div className="storage-warning">
          <p>
            Your prompts could not be saved in this browser (its storage is full or blocked). They stay on screen, but a reload or a closed tab
            would lose them.
          </p>
          <button type="button" onClick={actions.storageWarningDismissed}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
