/** `role="alert"`: why the prompts on screen have no result (CDF message or the job's errorMessage, with ids). */
import { useScheduler } from './segmentationStore';
import { useCurrentResultKey } from './useDisplayedResult';

export function SegmentationAlert() {
  const scheduler = useScheduler();
  const currentResultKey = useCurrentResultKey();
  const error = currentResultKey ? scheduler.errorsByResultKey[currentResultKey] : undefined;
  if (!error) return null;
  return (
    <div role="alert" className="segmentation-alert">
      <p>{error.message}</p>
      {(error.jobId !== undefined || error.requestId) && (
        <p className="alert-ids">
          {error.jobId !== undefined && <>Job id: {error.jobId}. </>}
          {error.requestId && <>Request id: {error.requestId}</>}
        </p>
      )}
      {error.cause === 'polling-stopped' && <p>This page stopped waiting; the job may still be running or done on the server.</p>}
      <p>Your prompts are kept. Press Segment to try again.</p>
    </div>
  );
}
