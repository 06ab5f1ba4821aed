/**
 * The view of one image on the stage: fitted (and refitted on every resize) until the user zooms or pans, then the
 * user's, whose centre stays put when the stage is resized. Zoom is clamped relative to the fitted scale.
 */
import { useState } from 'react';
import { fitView, panView, zoomAboutStagePoint, type ImageSize, type StagePoint, type StageSize, type ViewTransform } from '../coords';

/** Zoom limits relative to the fitted scale, and an absolute ceiling to inspect single pixels. */
const MIN_ZOOM_OF_FIT = 0.25;
const MAX_SCALE_PX_PER_IMAGE_PX = 32;
const FIT_PADDING_PX = 8;

/** The user's zoom/pan, remembered with the stage size it was made at; null = fitted (refits on every resize). */
interface UserView {
  readonly view: ViewTransform;
  readonly atSize: StageSize;
}

/** The view on screen: fitted, or the user's, whose centre stays put when the stage was resized since it was made. */
function effectiveView(userView: UserView | null, fitted: ViewTransform, size: StageSize): ViewTransform {
  if (userView === null) return fitted;
  return panView(userView.view, (size.widthPx - userView.atSize.widthPx) / 2, (size.heightPx - userView.atSize.heightPx) / 2);
}

export interface StageView {
  readonly view: ViewTransform;
  readonly fit: () => void;
  readonly zoomAbout: (anchor: StagePoint, factor: number) => void;
  readonly pan: (deltaXPx: number, deltaYPx: number) => void;
}

export function useStageView(imageSize: ImageSize, size: StageSize): StageView {
  const [userView, setUserView] = useState<UserView | null>(null);
  const fitted = fitView(imageSize, size, FIT_PADDING_PX);
  const minScale = fitted.scale * MIN_ZOOM_OF_FIT;
  const maxScale = Math.max(MAX_SCALE_PX_PER_IMAGE_PX, fitted.scale);

  // Functional updates: several wheel or pointer-move events can arrive before React renders again, and each must
  // build on the previous one rather than on the view of the last render.
  const updateView = (change: (current: ViewTransform) => ViewTransform) =>
    setUserView((previous) => ({ view: change(effectiveView(previous, fitted, size)), atSize: size }));

  return {
    view: effectiveView(userView, fitted, size),
    fit: () => setUserView(null),
    zoomAbout: (anchor, factor) => updateView((current) => zoomAboutStagePoint(current, anchor, factor, minScale, maxScale)),
    pan: (deltaXPx, deltaYPx) => updateView((current) => panView(current, deltaXPx, deltaYPx)),
  };
}
