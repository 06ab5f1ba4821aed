/** A small panel listing gestures and shortcuts; `?` or its button toggles it. */
import { useAnnotationActions, useShortcutHelpOpen } from '../../store/annotationStore';
import { SHORTCUT_HELP } from './shortcuts';

export function ShortcutsHelp() {
  const open = useShortcutHelpOpen();
  const { shortcutHelpToggled } = useAnnotationActions();
  return (
    <div className="shortcuts-help">
      <button type="button" aria-expanded={open} aria-controls="shortcuts-panel" aria-keyshortcuts="?" onClick={shortcutHelpToggled}>
        Keyboard shortcuts
      </button>
      {open && (
        <section id="shortcuts-panel" aria-label="Keyboard shortcuts and gestures" className="shortcuts-panel">
          <table>
            <tbody>
              {SHORTCUT_HELP.map((entry) => (
                <tr key={entry.keys}>
                  <th scope="row">
                    <kbd>{entry.keys}</kbd>
                  </th>
                  <td>{entry.action}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            Points and the box are kept per image and survive a reload. Results are kept per prompt set: undo shows an
            earlier result at once. CDF polygons have no holes; a segment with several parts is drawn as several polygons.
          </p>
        </section>
      )}
    </div>
  );
}
