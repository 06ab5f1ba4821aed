// The key maps of the canvas, the annotation shortcuts and image navigation meet only here, in app/.
import { describe, expect, it } from 'vitest';
import { canvasKeyAction } from '../canvas/keyboard';
import { shortcutFor } from '../features/prompting/shortcuts';
import { globalImageStepFor } from '../features/files/imageNavigation';

const plainKey = { ctrlKey: false, metaKey: false, altKey: false, defaultPrevented: false, targetTagName: 'BODY', targetIsEditable: false };

describe('key maps', () => {
  it('image navigation (D / A) does not clash with the canvas keys or the annotation shortcuts', () => {
    for (const value of ['d', 'D', 'a', 'A']) {
      expect(globalImageStepFor({ ...plainKey, key: value })).not.toBeNull();
      expect(canvasKeyAction({ key: value, shiftKey: value === value.toUpperCase(), ctrlKey: false, metaKey: false, altKey: false })).toBeNull();
      expect(shortcutFor({ ...plainKey, key: value, shiftKey: false })).toBeNull();
    }
  });
});
