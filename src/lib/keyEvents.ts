/**
 * Key events as plain data, so keyboard rules (annotation shortcuts, image navigation) are pure functions that unit
 * tests call without a DOM, and the one rule they share: keys never act while the user types.
 */

export interface KeyEventData {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
  readonly defaultPrevented: boolean;
  /** The focused element's tag name (upper case) and editing state, as the event target reports them. */
  readonly targetTagName: string;
  readonly targetIsEditable: boolean;
}

/** Form fields that take typed keys (an `<input>` includes sliders and checkboxes, which use arrows and Space). */
const TYPING_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/** True when the key goes to something the user types into: an input, a text area, a select or contenteditable. */
export function isTypingTarget(event: Pick<KeyEventData, 'targetTagName' | 'targetIsEditable'>): boolean {
  return TYPING_TAGS.has(event.targetTagName) || event.targetIsEditable;
}

/** The plain data of a DOM key event; a target that is not an HTML element (the window, an SVG node) counts as none. */
export function keyEventDataFrom(event: KeyboardEvent): KeyEventData {
  const target = event.target instanceof HTMLElement ? event.target : null;
  return {
    key: event.key,
    ctrlKey: event.ctrlKey,
    metaKey: event.metaKey,
    shiftKey: event.shiftKey,
    altKey: event.altKey,
    defaultPrevented: event.defaultPrevented,
    targetTagName: target?.tagName ?? '',
    targetIsEditable: target?.isContentEditable ?? false,
  };
}
