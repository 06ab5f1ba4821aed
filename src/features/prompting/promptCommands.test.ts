import { beforeEach, describe, expect, it } from 'vitest';
import { promptPoint } from '../../store/promptSet';
import { normalizedBox } from '../../canvas/coords';
import { normalizedPoint } from '../../canvas/coords';
import { selectActiveFilePrompts, useAnnotationStore } from '../../store/annotationStore';
import { boxGestured, lastPointRemoved, markerGestured, pointGestured } from './promptCommands';

const current = () => selectActiveFilePrompts(useAnnotationStore.getState()).current;

describe('prompt commands', () => {
  beforeEach(() => {
    window.localStorage.clear();
    useAnnotationStore.setState(useAnnotationStore.getInitialState(), true);
    useAnnotationStore.getState().actions.fileOpened({ fileId: 1, scope: 'test' });
  });

  it('adds points, and a gesture on a marker removes just that one', () => {
    pointGestured(normalizedPoint(0.2, 0.2), 1);
    pointGestured(normalizedPoint(0.5, 0.5), 0);
    markerGestured(0);
    expect(current().points).toEqual([promptPoint(0.5, 0.5, 0)]);
  });

  it('removes the last point and sets the box', () => {
    pointGestured(normalizedPoint(0.2, 0.2), 1);
    pointGestured(normalizedPoint(0.6, 0.6), 1);
    lastPointRemoved();
    expect(current().points).toEqual([promptPoint(0.2, 0.2, 1)]);
    boxGestured(normalizedBox(0.1, 0.1, 0.3, 0.4));
    expect(current().box).toEqual(normalizedBox(0.1, 0.1, 0.3, 0.4));
  });
});
