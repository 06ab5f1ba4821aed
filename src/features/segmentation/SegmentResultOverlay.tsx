/**
 * Connects the displayed result to the canvas's SegmentOverlay; goes into the stage's image-space overlay slot.
 * Marks `annotator:overlay-rendered` once a job's polygons are really drawn as the current result.
 */
import { useCallback } from 'react';
import type { CdfClient } from '../../api/client';
import type { ImageSize } from '../../canvas/coords';
import { SegmentOverlay } from '../../canvas/layers/SegmentOverlay';
import { useHoveredCandidateIndex, useOverlayHidden, useOverlayOpacity } from '../../store/annotationStore';
import { markOverlayRenderedOnce } from '../../lib/timingMarks';
import { useDisplayedResult } from './useDisplayedResult';

export interface SegmentResultOverlayProps {
  readonly client: CdfClient;
  readonly imageSize: ImageSize;
}

export function SegmentResultOverlay({ client, imageSize }: SegmentResultOverlayProps) {
  const { segments, stale, jobId, selectedIndex } = useDisplayedResult(client);
  const hoveredIndex = useHoveredCandidateIndex();
  const opacity = useOverlayOpacity();
  const hidden = useOverlayHidden();

  const fresh = jobId !== null && !stale && segments.length > 0;

  const onDrawn = useCallback(() => {
    if (fresh) markOverlayRenderedOnce(jobId);
  }, [fresh, jobId]);

  return (
    <SegmentOverlay
      candidates={segments}
      selectedIndex={selectedIndex}
      highlightedIndex={hoveredIndex}
      imageSize={imageSize}
      fillOpacity={opacity}
      stale={stale}
      hidden={hidden}
      onDrawn={onDrawn}
    />
  );
}
