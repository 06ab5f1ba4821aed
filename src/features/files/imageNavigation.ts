/**
 * Moving between images with one key, pure so the rules are unit-tested without a DOM.
 *
 * | key            | where                                  | action                      |
 * |----------------|----------------------------------------|-----------------------------|
 * | D              | anywhere except while typing           | next image in the list      |
 * | A              | anywhere except while typing           | previous image in the list  |
 * | ↓ / ↑          | image list focused                     | next / previous image       |
 * | Home / End     | image list focused                     | first / last image          |
 *
 * D / A are X-AnyLabeling's keys; they are free in the canvas (P, N, B, F, 0, arrows, Page Up/Down) and in the
 * annotation shortcuts (Enter, Escape, H, ?, 1–9, Delete, Ctrl+Z/Y). No key wraps around the ends of the list.
 * DOM events become plain data with lib/keyEvents' keyEventDataFrom.
 */
import { isTypingTarget, type KeyEventData } from '../../lib/keyEvents';

export type ImageStep = 'next' | 'previous' | 'first' | 'last';

/** The key event data the navigation rules read (Shift does not matter to them). */
export type NavigationKeyEvent = Omit<KeyEventData, 'shiftKey'>;

/** The global keys (D / A): null while the user types, with Ctrl/Cmd/Alt, or when someone already handled the key. */
export function globalImageStepFor(event: NavigationKeyEvent): ImageStep | null {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return null;
  if (isTypingTarget(event)) return null;
  if (event.key === 'd' || event.key === 'D') return 'next';
  if (event.key === 'a' || event.key === 'A') return 'previous';
  return null;
}

/** The image list's own keys (its rows focused): arrows and Home / End. */
export function listImageStepFor(event: Pick<NavigationKeyEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): ImageStep | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  switch (event.key) {
    case 'ArrowDown':
      return 'next';
    case 'ArrowUp':
      return 'previous';
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    default:
      return null;
  }
}

/** The index a step leads to from `index` in a list of `count`, or null when it leads nowhere (an end, an empty list). */
export function steppedIndex(index: number, count: number, step: ImageStep): number | null {
  if (count === 0) return null;
  const target = step === 'first' ? 0 : step === 'last' ? count - 1 : index < 0 ? 0 : step === 'next' ? index + 1 : index - 1;
  return target < 0 || target >= count || target === index ? null : target;
}

/** The ids either side of `currentId` in the list (previous first), for prefetching; empty when it is not listed. */
export function neighbourIds(ids: readonly number[], currentId: number | null): number[] {
  if (currentId === null) return [];
  const index = ids.indexOf(currentId);
  if (index < 0) return [];
  return [ids[index - 1], ids[index + 1]].filter((id): id is number => id !== undefined);
}

/** The id a step leads to from the open image, or null when there is nowhere to go. */
export function idAfterStep(ids: readonly number[], currentId: number | null, step: ImageStep): number | null {
  const target = steppedIndex(currentId === null ? -1 : ids.indexOf(currentId), ids.length, step);
  return target === null ? null : (ids[target] ?? null);
}
