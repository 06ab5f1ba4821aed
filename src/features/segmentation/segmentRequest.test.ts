import { describe, expect, it } from 'vitest';
import { segmentJobRequestSchema } from '../../../contract/segment';
import { EMPTY_PROMPT_SET, withBox, withPointAdded } from '../../store/promptSet';
import { buildSegmentRequest, jobTargetFor, resultKeyFor } from './segmentRequest';

describe('segment request', () => {
  it('is null for an empty prompt set (no job, no overlay)', () => {
    expect(buildSegmentRequest(1, EMPTY_PROMPT_SET)).toBeNull();
    expect(jobTargetFor('f:1', 1, EMPTY_PROMPT_SET, 3)).toBeNull();
  });

  it('sends points in canonical order with labels, and the box, in normalized coordinates', () => {
    let prompts = withPointAdded(EMPTY_PROMPT_SET, { x: 0.7, y: 0.2, label: 0 });
    prompts = withPointAdded(prompts, { x: 0.3, y: 0.4, label: 1 });
    prompts = withBox(prompts, { xMin: 0.1, yMin: 0.1, xMax: 0.9, yMax: 0.8 });
    const request = buildSegmentRequest(17, prompts);
    expect(request).toEqual({
      items: [{ fileId: 17 }],
      points: [
        { x: 0.3, y: 0.4, label: 1 },
        { x: 0.7, y: 0.2, label: 0 },
      ],
      boundingBox: { xMin: 0.1, yMin: 0.1, xMax: 0.9, yMax: 0.8 },
    });
    expect(segmentJobRequestSchema.safeParse(request).success).toBe(true);
  });

  it('sends a box-only prompt without points', () => {
    const request = buildSegmentRequest(2, withBox(EMPTY_PROMPT_SET, { xMin: 0.2, yMin: 0.2, xMax: 0.4, yMax: 0.6 }));
    expect(request).toEqual({ items: [{ fileId: 2 }], boundingBox: { xMin: 0.2, yMin: 0.2, xMax: 0.4, yMax: 0.6 } });
  });

  it('keys results by file and canonical prompt', () => {
    const prompts = withPointAdded(EMPTY_PROMPT_SET, { x: 0.5, y: 0.5, label: 1 });
    expect(resultKeyFor('f:1', prompts)).not.toBe(resultKeyFor('f:2', prompts));
    expect(jobTargetFor('f:1', 1, prompts, 9)).toMatchObject({ resultKey: resultKeyFor('f:1', prompts), revision: 9 });
  });
});
