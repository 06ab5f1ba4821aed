/** Connects the open image's saved annotations to the canvas layer, and tells the save flow the image's size. */
import { useCallback, useEffect } from 'react';
import type { ImageSize } from '../canvas/coords';
import { SavedAnnotationsLayer, type SavedAnnotationShape } from '../canvas/layers/SavedAnnotationsLayer';
import { markSavedAnnotationsDrawn } from '../lib/timingMarks';
import { useSavedAnnotationsView, useSavedHidden, useSelectedAnnotationKey } from '../store/savedAnnotationsView';

export interface SavedAnnotationsOverlayProps {
  readonly fileId: number | null;
  readonly shapes: readonly SavedAnnotationShape[];
  readonly imageSize: ImageSize;
}

export function SavedAnnotationsOverlay({ fileId, shapes, imageSize }: SavedAnnotationsOverlayProps) {
  const selectedKey = useSelectedAnnotationKey();
  const hidden = useSavedHidden();
  const { widthPx, heightPx } = imageSize;
  useEffect(() => {
    if (fileId !== null) useSavedAnnotationsView.getState().actions.imageShown({ fileId, widthPx, heightPx });
  }, [fileId, widthPx, heightPx]);
  const onDrawn = useCallback((count: number) => fileId !== null && count > 0 && markSavedAnnotationsDrawn(fileId, count), [fileId]);
  return <SavedAnnotationsLayer annotations={shapes} selectedKey={selectedKey} imageSize={imageSize} hidden={hidden} onDrawn={onDrawn} />;
}
