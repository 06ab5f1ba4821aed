import { describe, expect, it } from 'vitest';
import { isTypingTarget, keyEventDataFrom } from './keyEvents';

describe('keyEventDataFrom', () => {
  it('copies the keys, modifiers and the target that receives the event', () => {
    const input = document.createElement('input');
    document.body.append(input);
    let seen: ReturnType<typeof keyEventDataFrom> | undefined;
    input.addEventListener('keydown', (event) => (seen = keyEventDataFrom(event)));
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Z', ctrlKey: true, shiftKey: true, bubbles: true }));
    expect(seen).toEqual({
      key: 'Z',
      ctrlKey: true,
      metaKey: false,
      shiftKey: true,
      altKey: false,
      defaultPrevented: false,
      targetTagName: 'INPUT',
      targetIsEditable: false,
    });
    input.remove();
  });

  it('reports no target for a key event on the window', () => {
    let seen: ReturnType<typeof keyEventDataFrom> | undefined;
    const listener = (event: KeyboardEvent) => (seen = keyEventDataFrom(event));
    window.addEventListener('keydown', listener);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'd' }));
    window.removeEventListener('keydown', listener);
    expect(seen).toMatchObject({ key: 'd', targetTagName: '', targetIsEditable: false });
  });
});

describe('isTypingTarget', () => {
  it('is true for inputs, text areas, selects and contenteditable, false elsewhere', () => {
    for (const tag of ['INPUT', 'TEXTAREA', 'SELECT']) expect(isTypingTarget({ targetTagName: tag, targetIsEditable: false })).toBe(true);
    expect(isTypingTarget({ targetTagName: 'DIV', targetIsEditable: true })).toBe(true);
    for (const tag of ['BODY', 'BUTTON', 'DIV', '']) expect(isTypingTarget({ targetTagName: tag, targetIsEditable: false })).toBe(false);
  });
});
