import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../contract';
import { annotationCountText, countByFile, usedLabels, withConfirmedWrite } from './projectAnnotations';

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

describe('withConfirmedWrite', () => {
  const listed = [annotation(1, 10, { label: 'pump' }), annotation(2, 11, { label: 'valve' })];
  it('adds created annotations once, replaces a changed status and removes a deleted one', () => {
    const created = annotation(3, 10, { label: 'pipe' });
    const afterCreate = withConfirmedWrite(listed, { kind: 'create', fileId: 10, entryId: 'e1', annotations: [created] });
    expect(afterCreate.map((item) => item.id)).toEqual([1, 2, 3]);
    expect(withConfirmedWrite(afterCreate, { kind: 'create', fileId: 10, entryId: 'e1', annotations: [created] }).map((item) => item.id)).toEqual([1, 2, 3]);
    const rejected = { ...listed[0]!, status: 'rejected' as const };
    expect(withConfirmedWrite(listed, { kind: 'status', fileId: 10, entryId: 'e2', annotation: rejected })[0]?.status).toBe('rejected');
    expect(withConfirmedWrite(listed, { kind: 'delete', fileId: 10, entryId: 'e3', annotationId: 1 }).map((item) => item.id)).toEqual([2]);
    expect(countByFile(withConfirmedWrite(listed, { kind: 'create', fileId: 10, entryId: 'e1', annotations: [created] }), [10, 11]).get(10)).toBe(2);
  });
});
