/** What the stage itself draws above the overlays: the box being drawn and the keyboard cursor's crosshair. */
import { normalizedBoxFromCorners, normalizedBoxToImageRect, normalizedToImage, type ImageSize, type NormalizedPoint } from '../coords';
import { Line, Rect } from '../konva';

const CROSSHAIR_HALF_LENGTH_PX = 14;

export function BoxPreview({ from, to, imageSize }: { from: NormalizedPoint; to: NormalizedPoint; imageSize: ImageSize }) {
  const box = normalizedBoxFromCorners(from, to);
  if (box === null) return null;
  const common = {
    ...normalizedBoxToImageRect(box, imageSize),
    strokeScaleEnabled: false,
    listening: false,
    perfectDrawEnabled: false,
  };
  return (
    <>
      <Rect {...common} stroke="rgba(0,0,0,0.8)" strokeWidth={3} />
      {/* Dash lengths in screen px, not divided by `scale`. With strokeScaleEnabled={false} Konva strokes
          under the pixel-ratio-only transform (Context._stroke), so the dash is already in screen px like strokeWidth;
          dividing by the view scale would make them vanish when zoomed in and grow long when zoomed out. */}
      <Rect {...common} stroke="#ffd400" strokeWidth={1.5} dash={[6, 4]} fill="rgba(255,212,0,0.08)" />
    </>
  );
}

export function KeyboardCrosshair({ at, imageSize, scale }: { at: NormalizedPoint; imageSize: ImageSize; scale: number }) {
  const centre = normalizedToImage(at, imageSize);
  const half = CROSSHAIR_HALF_LENGTH_PX / scale;
  const lines = [
    [centre.x - half, centre.y, centre.x + half, centre.y],
    [centre.x, centre.y - half, centre.x, centre.y + half],
  ];
  return (
    <>
      {lines.map((points, index) => (
        <Line key={`outline-${index}`} points={points} stroke="black" strokeWidth={4} strokeScaleEnabled={false} listening={false} perfectDrawEnabled={false} />
      ))}
      {lines.map((points, index) => (
        <Line key={`line-${index}`} points={points} stroke="white" strokeWidth={2} strokeScaleEnabled={false} listening={false} perfectDrawEnabled={false} />
      ))}
    </>
  );
}
