/** The side panel of the annotation loop: job status, errors, the candidates and the overlay controls. */
import type { CdfClient } from '../../api/client';
import './segmentation.css';
import { JobStatus } from './JobStatus';
import { OverlayControls } from './OverlayControls';
import { SegmentationAlert } from './SegmentationAlert';
import { SegmentList } from './SegmentList';

export function SegmentationPanel({ client }: { readonly client: CdfClient }) {
  return (
    <div className="segmentation-panel">
      <JobStatus client={client} />
      <SegmentationAlert />
      <SegmentList client={client} />
      <OverlayControls />
    </div>
  );
}
