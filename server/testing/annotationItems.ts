/** Annotation request items for the emulator's integration tests: a valid object detection on a sample photo. */
import { FIXTURE_FILES } from '../fixtures/manifest';

export const SAMPLE_FILE_ID = FIXTURE_FILES[0]?.id ?? 0;
export const OTHER_SAMPLE_FILE_ID = FIXTURE_FILES[1]?.id ?? 0;

export const TRIANGLE = [
  { x: 0.1, y: 0.1 },
  { x: 0.6, y: 0.1 },
  { x: 0.3, y: 0.7 },
];

/** A create item for `images.ObjectDetection`; `overrides` replace top-level fields, `data` fields of `data`. */
export function objectDetectionItem(overrides: Record<string, unknown> = {}, data: Record<string, unknown> = {}) {
  return {
    annotatedResourceType: 'file',
    annotatedResourceId: SAMPLE_FILE_ID,
    annotationType: 'images.ObjectDetection',
    creatingApp: 'emulator-test',
    creatingAppVersion: '1.0.0',
    creatingUser: 'tester@example.com',
    status: 'approved',
    ...overrides,
    data: { label: 'pump', confidence: 0.9, polygon: { vertices: TRIANGLE }, ...data },
  };
}
