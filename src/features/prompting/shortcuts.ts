/**
 * Keyboard shortcuts of the annotation loop, as a pure mapping from a key event to a command, so the rules (what
 * fires where) are unit-tested without a DOM. The help dialog (ShortcutsHelp.tsx) is rendered from SHORTCUT_HELP.
 */
import { isTypingTarget, keyEventDataFrom, type KeyEventData } from '../../lib/keyEvents';

export type ShortcutCommand =
  | { readonly kind: 'undo' }
  | { readonly kind: 'redo' }
  | { readonly kind: 'segment' }
  | { readonly kind: 'abandon' }
  | { readonly kind: 'toggle-overlay' }
  | { readonly kind: 'select-candidate'; readonly index: number }
  | { readonly kind: 'remove-last-point' }
  | { readonly kind: 'toggle-help' }
  | { readonly kind: 'focus-label' }
  | { readonly kind: 'save-annotation' }
  | { readonly kind: 'next-unannotated' };

export type ShortcutKeyEvent = KeyEventData;

/** On these, Enter and Space already mean "activate me"; a shortcut must not also fire. */
const ACTIVATABLE_TAGS = new Set(['BUTTON', 'A', 'SUMMARY']);

export function shortcutFor(event: ShortcutKeyEvent): ShortcutCommand | null {
  if (event.defaultPrevented) return null;
  // Never steal keys while the user types (inputs, sliders, text areas, contenteditable).
  if (isTypingTarget(event)) return null;
  const key = event.key;
  const command = event.ctrlKey || event.metaKey;
  if (command && !event.altKey) {
    const lower = key.toLowerCase();
    if (lower === 'z') return event.shiftKey ? { kind: 'redo' } : { kind: 'undo' };
    if (lower === 'y' && !event.shiftKey) return { kind: 'redo' };
    return null;
  }
  if (command || event.altKey) return null;
  if (key === 'Enter') return ACTIVATABLE_TAGS.has(event.targetTagName) ? null : { kind: 'segment' };
  if (key === 'Escape') return { kind: 'abandon' };
  if (key === '?') return { kind: 'toggle-help' };
  if (key === 'h' || key === 'H') return { kind: 'toggle-overlay' };
  if (key === 'l' || key === 'L') return { kind: 'focus-label' };
  if (key === 's' || key === 'S') return { kind: 'save-annotation' };
  // On the focused canvas N is a negative point (the canvas handles it first and this never sees it).
  if (key === 'n' || key === 'N') return { kind: 'next-unannotated' };
  if (key === 'Delete' || key === 'Backspace') return { kind: 'remove-last-point' };
  if (/^[1-9]$/.test(key)) return { kind: 'select-candidate', index: Number(key) - 1 };
  return null;
}

/** A DOM key event as the data shortcutFor reads. */
export const shortcutKeyEventFrom: (event: KeyboardEvent) => ShortcutKeyEvent = keyEventDataFrom;

/** What the help dialog lists, in two columns; keep in step with shortcutFor and the README. */
export const SHORTCUT_HELP: ReadonlyArray<{ readonly title: string; readonly entries: ReadonlyArray<{ readonly keys: string; readonly action: string }> }> = [
  {
    title: 'On the image',
    entries: [
      { keys: 'Click', action: 'Add a positive point (+, circle)' },
      { keys: 'Shift+click or right-click', action: 'Add a negative point (−, square)' },
      { keys: 'Drag', action: 'Draw the box (replaces the previous box)' },
      { keys: 'Click on a point', action: 'Remove that point' },
      { keys: 'Arrow keys (canvas focused)', action: 'Move the keyboard cursor (Shift: larger steps)' },
      { keys: 'P / N', action: 'Positive / negative point at the keyboard cursor' },
      { keys: 'B … B', action: 'Box from the cursor to the cursor' },
      { keys: 'Space+drag or middle-drag, wheel', action: 'Pan, zoom (F or 0 fits)' },
    ],
  },
  {
    title: 'Anywhere',
    entries: [
      { keys: 'Delete / Backspace', action: 'Remove the last point' },
      { keys: 'Ctrl+Z', action: 'Undo (right after a Delete: restore the annotation)' },
      { keys: 'Ctrl+Shift+Z or Ctrl+Y', action: 'Redo' },
      { keys: 'Enter', action: 'Segment now' },
      { keys: 'Escape', action: 'Abandon the pending job' },
      { keys: '1–9', action: 'Choose a segment candidate' },
      { keys: 'H', action: 'Hide or show the overlay' },
      { keys: 'L', action: 'Focus the Label field (type, ↓/↑, Enter)' },
      { keys: 'S', action: 'Save the selected candidate as an annotation' },
      { keys: 'N', action: 'Next image without annotations' },
      // Image navigation: features/files/imageNavigation.ts handles these keys, not shortcutFor.
      { keys: 'D / A', action: 'Next / previous image' },
      { keys: '↓ / ↑, Home / End (image list focused)', action: 'Next / previous, first / last image' },
      { keys: '?', action: 'Show or hide this help' },
    ],
  },
];
