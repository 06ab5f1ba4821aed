/**
 * Everything the annotation loop gives the canvas's AnnotationStage: the gesture callbacks (points, box) and the overlays
 * drawn in image space (the segment result under the prompt markers). Also tells the store which file is open, so
 * prompts are kept per file.
 *
 * Usage in the layout:
 *   const bindings = useAnnotationCanvasBindings(client, fileId);
 *   <AnnotationStage image={…} imageKey={…} {...bindings} />
 */
import { useCallback, useEffect, useLayoutEffect, useRef, type ReactNode } from 'react';
import type { CdfClient } from '../api/client';
import type { NormalizedBox, NormalizedPoint } from '../canvas/coords';
import type { OverlayRenderContext } from '../canvas/AnnotationStage';
import { useAnnotationStore } from '../store/annotationStore';
import { SegmentResultOverlay } from '../features/segmentation/SegmentResultOverlay';
import { PromptMarkers } from '../features/prompting/PromptMarkers';
import { boxGestured, pointGestured } from '../features/prompting/promptCommands';

export interface AnnotationCanvasBindings {
  readonly onPlacePoint: (point: NormalizedPoint, label: 0 | 1) => void;
  readonly onDrawBox: (box: NormalizedBox) => void;
  readonly renderOverlay: (context: OverlayRenderContext) => ReactNode;
}

/** The CDF project a client talks to, as the store's scope for per-file prompts. */
export const cdfProjectScope = (client: CdfClient): string => `${client.baseUrl}/${client.project}`;

interface OverlaysProps {
  readonly client: CdfClient;
  readonly context: OverlayRenderContext;
  readonly onView: (context: OverlayRenderContext) => void;
}

function AnnotationOverlays({ client, context, onView }: OverlaysProps) {
  // The gesture handler measures marker hits in screen pixels, so it needs the view the user saw when clicking.
  useLayoutEffect(() => onView(context), [context, onView]);
  return (
    <>
      <SegmentResultOverlay client={client} imageWidthPx={context.imageSize.widthPx} imageHeightPx={context.imageSize.heightPx} />
      <PromptMarkers imageWidthPx={context.imageSize.widthPx} imageHeightPx={context.imageSize.heightPx} viewScale={context.scale} />
    </>
  );
}

export function useAnnotationCanvasBindings(client: CdfClient, fileId: number | null): AnnotationCanvasBindings {
  useEffect(() => {
    if (fileId !== null) useAnnotationStore.getState().actions.fileOpened({ fileId, scope: cdfProjectScope(client) });
  }, [client, fileId]);

  const viewRef = useRef<OverlayRenderContext | null>(null);
  const onView = useCallback((context: OverlayRenderContext) => {
    viewRef.current = context;
  }, []);

  const onPlacePoint = useCallback((point: NormalizedPoint, label: 0 | 1) => {
    const view = viewRef.current;
    const displayedWidthPx = view ? view.imageSize.widthPx * view.scale : 0;
    const displayedHeightPx = view ? view.imageSize.heightPx * view.scale : 0;
    pointGestured(point, label, displayedWidthPx, displayedHeightPx);
  }, []);
  const onDrawBox = useCallback((box: NormalizedBox) => boxGestured(box), []);
  const renderOverlay = useCallback(
    (context: OverlayRenderContext) => <AnnotationOverlays client={client} context={context} onView={onView} />,
    [client, onView],
  );
  return { onPlacePoint, onDrawBox, renderOverlay };
}
