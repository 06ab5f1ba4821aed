import { describe, expect, it } from 'vitest';
import { shortcutFor, type ShortcutKeyEvent } from './shortcuts';

const key = (k: string, extra: Partial<ShortcutKeyEvent> = {}): ShortcutKeyEvent => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  defaultPrevented: false,
  targetTagName: 'BODY',
  targetIsEditable: false,
  ...extra,
});

describe('shortcuts', () => {
  it('maps undo and both redo chords, with Ctrl or Cmd', () => {
    expect(shortcutFor(key('z', { ctrlKey: true }))).toEqual({ kind: 'undo' });
    expect(shortcutFor(key('Z', { ctrlKey: true, shiftKey: true }))).toEqual({ kind: 'redo' });
    expect(shortcutFor(key('y', { ctrlKey: true }))).toEqual({ kind: 'redo' });
    expect(shortcutFor(key('z', { metaKey: true }))).toEqual({ kind: 'undo' });
  });

  it('maps Enter, Escape, H, ?, Delete and the number keys', () => {
    expect(shortcutFor(key('Enter'))).toEqual({ kind: 'segment' });
    expect(shortcutFor(key('Escape'))).toEqual({ kind: 'abandon' });
    expect(shortcutFor(key('h'))).toEqual({ kind: 'toggle-overlay' });
    expect(shortcutFor(key('?', { shiftKey: true }))).toEqual({ kind: 'toggle-help' });
    expect(shortcutFor(key('Delete'))).toEqual({ kind: 'remove-last-point' });
    expect(shortcutFor(key('3'))).toEqual({ kind: 'select-candidate', index: 2 });
    expect(shortcutFor(key('0'))).toBeNull();
    expect(shortcutFor(key('z'))).toBeNull();
  });

  it('does not fire while typing in inputs or editable content', () => {
    for (const tag of ['INPUT', 'TEXTAREA', 'SELECT']) {
      expect(shortcutFor(key('z', { ctrlKey: true, targetTagName: tag }))).toBeNull();
      expect(shortcutFor(key('1', { targetTagName: tag }))).toBeNull();
    }
    expect(shortcutFor(key('h', { targetTagName: 'DIV', targetIsEditable: true }))).toBeNull();
  });

  it('leaves Enter to a focused button, and ignores handled or Alt-modified keys', () => {
    expect(shortcutFor(key('Enter', { targetTagName: 'BUTTON' }))).toBeNull();
    expect(shortcutFor(key('h', { targetTagName: 'BUTTON' }))).toEqual({ kind: 'toggle-overlay' });
    expect(shortcutFor(key('Enter', { defaultPrevented: true }))).toBeNull();
    expect(shortcutFor(key('h', { altKey: true }))).toBeNull();
    expect(shortcutFor(key('1', { ctrlKey: true }))).toBeNull();
  });
});
