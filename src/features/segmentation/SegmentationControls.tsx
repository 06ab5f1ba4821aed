/** The Segment button (Enter) and the Auto-segment checkbox (on by default). */
import { useAnnotationActions, useAutoSegment, useHasPrompts } from '../../store/annotationStore';
import { segmentRequested } from './segmentationCommands';

export function SegmentationControls() {
  const autoSegment = useAutoSegment();
  const hasPrompts = useHasPrompts();
  const { autoSegmentChanged } = useAnnotationActions();
  return (
    <div role="group" aria-label="Segmentation" className="segmentation-controls">
      <button type="button" onClick={segmentRequested} aria-disabled={!hasPrompts} aria-keyshortcuts="Enter" title="Segment now (Enter)">
        Segment
      </button>
      <label>
        <input type="checkbox" checked={autoSegment} onChange={(event) => autoSegmentChanged(event.target.checked)} />
        Auto-segment
      </label>
    </div>
  );
}
