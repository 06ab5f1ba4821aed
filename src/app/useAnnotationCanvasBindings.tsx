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

export interface AnnotationCanvasBindings {
  readonly onPlacePoint: (point: NormalizedPoint, label: 0 | 1) => void;
  readonly markers: readonly NormalizedPoint[];
  readonly onPointOnMarker: (index: number) => void;
  readonly onDrawBox: (box: NormalizedBox) => void;
  readonly renderOverlay: (context: OverlayRenderContext) => ReactNode;
}

/** The CDF project a client talks to, as the store's scope for per-file prompts. */
export const cdfProjectScope = (client: CdfClient): string => `${client.baseUrl}/${client.project}`;

export function useAnnotationCanvasBindings(client: CdfClient, fileId: number | null): AnnotationCanvasBindings {
  useEffect(() => {
    if (fileId !== null) useAnnotationStore.getState().actions.fileOpened({ fileId, scope: cdfProjectScope(client) });
  }, [client, fileId]);

  const points = useActivePrompts().points;
  const markers = useMemo(() => points.map((point) => normalizedPoint(point.x, point.y)), [points]);
  const renderOverlay = useCallback(
    ({ imageSize, scale }: OverlayRenderContext) => (
      <>
        <SegmentResultOverlay client={client} imageSize={imageSize} />
        <PromptMarkers imageSize={imageSize} viewScale={scale} />
      </>
    ),
    [client],
  );
  return { onPlacePoint: pointGestured, markers, onPointOnMarker: markerGestured, onDrawBox: boxGestured, renderOverlay };
}
