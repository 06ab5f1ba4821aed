import { beforeEach, describe, expect, it } from 'vitest';
import { promptPoint } from './promptSet';
import { normalizedBox } from '../canvas/coords';
import { MAX_HISTORY_STEPS, selectActiveFilePrompts, useAnnotationStore } from './annotationStore';
import { storageKey } from './promptPersistence';

const SCOPE = 'http://emulator/demo';
const state = () => useAnnotationStore.getState();
const actions = () => state().actions;
const current = () => selectActiveFilePrompts(state()).current;

describe('annotation store', () => {
  beforeEach(() => {
    window.localStorage.clear();
    useAnnotationStore.setState(useAnnotationStore.getInitialState(), true);
    actions().fileOpened({ fileId: 1, scope: SCOPE });
  });

  it('bumps the revision on every prompt change and not on a no-op', () => {
    const start = state().revision;
    actions().pointPlaced(promptPoint(0.1, 0.1, 1));
    actions().boxDrawn(normalizedBox(0.1, 0.1, 0.4, 0.4));
    expect(state().revision).toBe(start + 2);
    actions().pointRemoved(5);
    actions().undoRequested();
    actions().redoRequested();
    actions().redoRequested(); // nothing to redo
    expect(state().revision).toBe(start + 4);
  });

  it('undoes and redoes every prompt edit, and a new edit clears the redo stack', () => {
    actions().pointPlaced(promptPoint(0.1, 0.1, 1));
    actions().pointPlaced(promptPoint(0.2, 0.2, 0));
    actions().boxDrawn(normalizedBox(0.1, 0.1, 0.4, 0.4));
    actions().promptsCleared();
    expect(current().points).toHaveLength(0);
    actions().undoRequested();
    expect(current().box).not.toBeNull();
    actions().undoRequested();
    expect(current().box).toBeNull();
    expect(current().points).toHaveLength(2);
    actions().redoRequested();
    expect(current().box).not.toBeNull();
    actions().undoRequested();
    actions().pointPlaced(promptPoint(0.9, 0.9, 1));
    expect(selectActiveFilePrompts(state()).redoStack).toHaveLength(0);
    actions().redoRequested();
    expect(current().points).toHaveLength(3);
    expect(current().box).toBeNull();
  });

  it('a clear is one undoable step; clearing nothing records nothing', () => {
    actions().promptsCleared();
    expect(selectActiveFilePrompts(state()).undoStack).toHaveLength(0);
  });

  it('keeps each file its own prompts and history when switching', () => {
    actions().pointPlaced(promptPoint(0.1, 0.1, 1));
    actions().fileOpened({ fileId: 2, scope: SCOPE });
    expect(current().points).toHaveLength(0);
    actions().pointPlaced(promptPoint(0.7, 0.7, 0));
    actions().fileOpened({ fileId: 1, scope: SCOPE });
    expect(current().points).toEqual([promptPoint(0.1, 0.1, 1)]);
    actions().undoRequested();
    expect(current().points).toHaveLength(0);
  });

  it('persists prompts per file so a reload restores them', () => {
    actions().pointPlaced(promptPoint(0.25, 0.75, 1));
    expect(window.localStorage.getItem(storageKey(SCOPE, 1))).toContain('0.25');
    useAnnotationStore.setState(useAnnotationStore.getInitialState(), true); // a reload
    actions().fileOpened({ fileId: 1, scope: SCOPE });
    expect(current().points).toEqual([promptPoint(0.25, 0.75, 1)]);
    actions().undoRequested();
    expect(current().points).toHaveLength(0);
  });

  it('ignores a corrupt stored entry instead of crashing', () => {
    window.localStorage.setItem(storageKey(SCOPE, 3), '{"current":{"points":[{"x":7}]}}');
    actions().fileOpened({ fileId: 3, scope: SCOPE });
    expect(current().points).toHaveLength(0);
  });

  it('caps the undo history', () => {
    for (let i = 0; i < MAX_HISTORY_STEPS + 10; i += 1) actions().pointPlaced(promptPoint(i / 1000, 0.5, 1));
    expect(selectActiveFilePrompts(state()).undoStack).toHaveLength(MAX_HISTORY_STEPS);
  });

  it('resets the candidate selection on a prompt change and clamps view settings', () => {
    actions().candidateSelected(2);
    expect(state().selectedCandidateIndex).toBe(2);
    actions().pointPlaced(promptPoint(0.3, 0.3, 1));
    expect(state().selectedCandidateIndex).toBe(0);
    actions().overlayOpacityChanged(3);
    expect(state().overlayOpacity).toBe(1);
    actions().overlayVisibilityToggled();
    expect(state().overlayHidden).toBe(true);
    expect(state().autoSegment).toBe(true);
  });
});
