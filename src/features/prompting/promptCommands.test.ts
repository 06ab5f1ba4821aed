import { beforeEach, describe, expect, it } from 'vitest';
import { selectActiveFilePrompts, useAnnotationStore } from '../../store/annotationStore';
import { boxGestured, lastPointRemoved, pointGestured } from './promptCommands';

const current = () => selectActiveFilePrompts(useAnnotationStore.getState()).current;

describe('prompt commands', () => {
  beforeEach(() => {
    window.localStorage.clear();
    useAnnotationStore.setState(useAnnotationStore.getInitialState(), true);
    useAnnotationStore.getState().actions.fileOpened({ fileId: 1, scope: 'test' });
  });

  it('adds a point, and a click on an existing marker removes just that one', () => {
    pointGestured({ x: 0.2, y: 0.2 }, 1, 1000, 1000);
    pointGestured({ x: 0.5, y: 0.5 }, 0, 1000, 1000);
    pointGestured({ x: 0.205, y: 0.2 }, 1, 1000, 1000); // 5 px from the first marker
    expect(current().points).toEqual([{ x: 0.5, y: 0.5, label: 0 }]);
  });

  it('measures the hit radius in screen pixels, so zooming in makes room for close points', () => {
    pointGestured({ x: 0.2, y: 0.2 }, 1, 1000, 1000);
    pointGestured({ x: 0.205, y: 0.2 }, 1, 10_000, 10_000); // 50 px apart at this zoom
    expect(current().points).toHaveLength(2);
  });

  it('removes the last point and sets the box', () => {
    pointGestured({ x: 0.2, y: 0.2 }, 1, 1000, 1000);
    pointGestured({ x: 0.6, y: 0.6 }, 1, 1000, 1000);
    lastPointRemoved();
    expect(current().points).toEqual([{ x: 0.2, y: 0.2, label: 1 }]);
    boxGestured({ xMin: 0.1, yMin: 0.1, xMax: 0.3, yMax: 0.4 });
    expect(current().box).toEqual({ xMin: 0.1, yMin: 0.1, xMax: 0.3, yMax: 0.4 });
  });
});
