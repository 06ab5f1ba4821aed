import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../contract';
import { annotationCountText, countByFile, usedLabels } from './projectAnnotations';

const annotation = (id: number, fileId: number, data: Record<string, unknown>): Annotation => ({
  id,
  createdTime: 0,
  lastUpdatedTime: 0,
  annotatedResourceType: 'file',
  annotatedResourceId: fileId,
  annotationType: 'images.ObjectDetection',
  creatingApp: 'app',
  creatingAppVersion: '1.0.0',
  creatingUser: null,
  status: 'approved',
  data,
});

describe('project annotations', () => {
  const listed = [annotation(1, 10, { label: 'pump' }), annotation(2, 10, { label: 'valve' }), annotation(3, 11, { label: ' ' }), annotation(4, 11, { text: 'no label' })];

  it('collects the labels in use, one per annotation', () => {
    expect(usedLabels(listed)).toEqual(['pump', 'valve']);
  });

  it('counts per file, with zero for listed files without annotations', () => {
    expect([...countByFile(listed, [10, 11, 12])]).toEqual([[10, 2], [11, 2], [12, 0]]);
  });

  it('words the count', () => {
    expect([0, 1, 2].map(annotationCountText)).toEqual(['0 annotations', '1 annotation', '2 annotations']);
  });
});
