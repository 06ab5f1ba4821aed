/** The overlay's opacity slider and the Hide overlay toggle (H). */
import { useId } from 'react';
import { useAnnotationActions, useOverlayHidden, useOverlayOpacity } from '../../store/annotationStore';

export function OverlayControls() {
  const opacity = useOverlayOpacity();
  const hidden = useOverlayHidden();
  const { overlayOpacityChanged, overlayVisibilityToggled } = useAnnotationActions();
  const sliderId = useId();
  const percent = Math.round(opacity * 100);
  return (
    <div role="group" aria-label="Overlay" className="overlay-controls">
      <label htmlFor={sliderId}>Overlay opacity</label>
      <input
        id={sliderId}
        type="range"
        min={0}
        max={100}
        step={5}
        value={percent}
        aria-valuetext={`${percent}%`}
        onChange={(event) => overlayOpacityChanged(Number(event.target.value) / 100)}
      />
      <button type="button" aria-pressed={hidden} aria-keyshortcuts="H" onClick={overlayVisibilityToggled} title="Hide or show the overlay (H)">
        Hide overlay
      </button>
    </div>
  );
}
