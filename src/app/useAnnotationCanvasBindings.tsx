/**
 * Everything the annotation loop gives the canvas's AnnotationStage: the gesture callbacks (points, marker hits, box),
 * the markers to hit-test, and the overlays drawn in image space (the segment result under the prompt markers). Also
 * tells the store which file is open, so prompts are kept per file.
 *
 * Usage in the layout:
 *   const bindings = useAnnotationCanvasBindings(client, fileId);
 *   <AnnotationStage image={…} imageKey={…} {...bindings} />
 */
import { useCallback, useEffect, useMemo, type ReactNode } from 'react';
import type { CdfClient } from '../api/client';
import { normalizedPoint, type NormalizedBox, type NormalizedPoint } from '../canvas/coords';
import type { OverlayRenderContext } from '../canvas/AnnotationStage';
import { useActivePrompts, useAnnotationStore } from '../store/annotationStore';
import { SegmentResultOverlay } from '../features/segmentation/SegmentResultOverlay';
import { PromptMarkers } from '../features/prompting/PromptMarkers';
import { boxGestured, markerGestured, pointGestured } from '../features/prompting/promptCommands';
import { annotationAt, type SavedAnnotationShape } from '../canvas/layers/SavedAnnotationsLayer';
import { useSavedAnnotationsView } from '../store/savedAnnotationsView';
import { SavedAnnotationsOverlay } from './SavedAnnotationsOverlay';

export interface AnnotationCanvasBindings {
  readonly onPlacePoint: (point: NormalizedPoint, label: 0 | 1) => void;
  readonly markers: readonly NormalizedPoint[];
  readonly onPointOnMarker: (index: number) => void;
  readonly onDrawBox: (box: NormalizedBox) => void;
  readonly renderOverlay: (context: OverlayRenderContext) => ReactNode;
}

/** The CDF project a client talks to, as the store's scope for per-file prompts. */
export const cdfProjectScope = (client: CdfClient): string => `${client.baseUrl}/${client.project}`;

/** `savedShapes`: the open image's saved annotations, drawn under the candidate overlay. */
export function useAnnotationCanvasBindings(client: CdfClient, fileId: number | null, savedShapes: readonly SavedAnnotationShape[]): AnnotationCanvasBindings {
  useEffect(() => {
    if (fileId !== null) useAnnotationStore.getState().actions.fileOpened({ fileId, scope: cdfProjectScope(client) });
  }, [client, fileId]);

  const points = useActivePrompts().points;
  const markers = useMemo(() => points.map((point) => normalizedPoint(point.x, point.y)), [points]);
  const renderOverlay = useCallback(
    ({ imageSize, scale }: OverlayRenderContext) => (
      <>
        <SavedAnnotationsOverlay fileId={fileId} shapes={savedShapes} imageSize={imageSize} />
        <SegmentResultOverlay client={client} imageSize={imageSize} />
        <PromptMarkers imageSize={imageSize} viewScale={scale} />
      </>
    ),
    [client, fileId, savedShapes],
  );
  // A click on a drawn annotation also selects its row (the click still places its point: prompting stays one click).
  const onPlacePoint = useCallback(
    (point: NormalizedPoint, label: 0 | 1) => {
      const view = useSavedAnnotationsView.getState();
      if (!view.savedHidden) {
        const key = annotationAt(savedShapes, point);
        if (key !== null) view.actions.annotationSelected(key);
      }
      pointGestured(point, label);
    },
    [savedShapes],
  );
  return { onPlacePoint, markers, onPointOnMarker: markerGestured, onDrawBox: boxGestured, renderOverlay };
}
