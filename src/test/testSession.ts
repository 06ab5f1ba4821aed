/**
 * Test support: a clean annotation session for the job-loop unit tests (fresh stores, empty localStorage, file 1
 * open) and the fake CDF client that answers it. Shared so every test of the loop starts from the same state.
 */
import { useAnnotationStore } from '../store/annotationStore';
import { FakeSegmentClient } from './fakeSegmentClient';
import { useSegmentationStore } from '../features/segmentation/segmentationStore';

export const TEST_FILE_ID = 1;

export function startTestSession(): FakeSegmentClient {
  window.localStorage.clear();
  useAnnotationStore.setState(useAnnotationStore.getInitialState(), true);
  useSegmentationStore.setState(useSegmentationStore.getInitialState(), true);
  useAnnotationStore.getState().actions.fileOpened({ fileId: TEST_FILE_ID, scope: 'test' });
  return new FakeSegmentClient();
}
