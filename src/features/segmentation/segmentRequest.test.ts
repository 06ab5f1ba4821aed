import { describe, expect, it } from 'vitest';
import { promptPoint } from '../../store/promptSet';
import { normalizedBox } from '../../canvas/coords';
import { segmentJobRequestSchema } from '../../../contract/segment';
import { EMPTY_PROMPT_SET, withBox, withPointAdded } from '../../store/promptSet';
import { buildSegmentRequest, jobTargetFor, resultKeyFor } from './segmentRequest';

describe('segment request', () => {
  it('is null for an empty prompt set (no job, no overlay)', () => {
    expect(buildSegmentRequest(1, EMPTY_PROMPT_SET)).toBeNull();
    expect(jobTargetFor('f:1', 1, EMPTY_PROMPT_SET, 3)).toBeNull();
  });

  it('sends points in canonical order with labels, and the box, in normalized coordinates', () => {
    let prompts = withPointAdded(EMPTY_PROMPT_SET, promptPoint(0.7, 0.2, 0));
    prompts = withPointAdded(prompts, promptPoint(0.3, 0.4, 1));
    prompts = withBox(prompts, normalizedBox(0.1, 0.1, 0.9, 0.8));
    const request = buildSegmentRequest(17, prompts);
    expect(request).toEqual({
      items: [{ fileId: 17 }],
      points: [
        promptPoint(0.3, 0.4, 1),
        promptPoint(0.7, 0.2, 0),
      ],
      boundingBox: normalizedBox(0.1, 0.1, 0.9, 0.8),
    });
    expect(segmentJobRequestSchema.safeParse(request).success).toBe(true);
  });

  it('sends a box-only prompt without points', () => {
    const request = buildSegmentRequest(2, withBox(EMPTY_PROMPT_SET, normalizedBox(0.2, 0.2, 0.4, 0.6)));
    expect(request).toEqual({ items: [{ fileId: 2 }], boundingBox: normalizedBox(0.2, 0.2, 0.4, 0.6) });
  });

  it('keys results by file and canonical prompt', () => {
    const prompts = withPointAdded(EMPTY_PROMPT_SET, promptPoint(0.5, 0.5, 1));
    expect(resultKeyFor('f:1', prompts)).not.toBe(resultKeyFor('f:2', prompts));
    expect(jobTargetFor('f:1', 1, prompts, 9)).toMatchObject({ resultKey: resultKeyFor('f:1', prompts), revision: 9 });
  });
});
