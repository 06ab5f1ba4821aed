/**
 * The gestures and shortcuts, in a dialog wide enough to read at a glance: two columns (on the image / anywhere), each
 * a table of key and action. `?` or the button toggles it; Escape, the Close button or a click beside it closes it.
 * Modal, so keys pressed while it is open do not edit the prompts behind it (except `?`, which closes it).
 */
import { useEffect, useRef } from 'react';
import { useAnnotationActions, useShortcutHelpOpen } from '../../store/annotationStore';
import { SHORTCUT_HELP } from './shortcuts';

export function ShortcutsHelp() {
  const open = useShortcutHelpOpen();
  const { shortcutHelpToggled } = useAnnotationActions();
  const dialogRef = useRef<HTMLDialogElement>(null);

  // The store says whether it is open; the dialog element follows.
  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog === null) return;
    if (open && !dialog.open) dialog.showModal();
    else if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <>
      <button type="button" aria-haspopup="dialog" aria-expanded={open} aria-keyshortcuts="?" onClick={shortcutHelpToggled}>
        Keyboard shortcuts
      </button>
      <dialog
        ref={dialogRef}
        className="shortcuts-dialog"
        aria-labelledby="shortcuts-title"
        // Closed by the browser (Escape): tell the store.
        onClose={() => {
          if (open) shortcutHelpToggled();
        }}
        onKeyDown={(event) => {
          // Escape closes the dialog here; it must not also abandon the pending job (a window shortcut).
          if (event.key === 'Escape') event.stopPropagation();
        }}
        onClick={(event) => {
          // A click on the backdrop lands on the dialog element itself.
          if (event.target === event.currentTarget) shortcutHelpToggled();
        }}
      >
        <header>
          <h2 id="shortcuts-title">Keyboard shortcuts and gestures</h2>
          <button type="button" onClick={shortcutHelpToggled}>
            Close
          </button>
        </header>
        <div className="shortcuts-columns">
          {SHORTCUT_HELP.map((group) => (
            <table key={group.title}>
              <caption>{group.title}</caption>
              <tbody>
                {group.entries.map((entry) => (
                  <tr key={entry.keys}>
                    <th scope="row">
                      <kbd>{entry.keys}</kbd>
                    </th>
                    <td>{entry.action}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
        </div>
        <p>
          Points and the box are kept per image and survive a reload. Results are kept per prompt set: undo shows an
          earlier result at once. CDF polygons have no holes; a segment with several parts is drawn as several polygons.
        </p>
      </dialog>
    </>
  );
}
