import { describe, expect, it } from 'vitest';
import type { Annotation, ObjectDetectionCreateItem } from '../../../../contract';
import { beginAttempt, enqueueDelete, enqueueStatus, failAttempt, newCreateEntry, type OutboxEntry } from './entries';
import { annotationRows, buildFileSnapshot } from './snapshot';

const FILE_ID = 5;
const polygon = { vertices: [{ x: 0.1, y: 0.1 }, { x: 0.9, y: 0.1 }, { x: 0.5, y: 0.9 }] };
const saved = (id: number, label: string, lastUpdatedTime = 1): Annotation => ({
  id,
  createdTime: 1,
  lastUpdatedTime,
  annotatedResourceType: 'file',
  annotatedResourceId: FILE_ID,
  annotationType: 'images.ObjectDetection',
  creatingApp: 'app',
  creatingAppVersion: '1.0.0',
  creatingUser: null,
  status: 'approved',
  data: { label, polygon, confidence: null },
});
const item = (label: string): ObjectDetectionCreateItem => ({
  annotatedResourceType: 'file',
  annotatedResourceId: FILE_ID,
  annotationType: 'images.ObjectDetection',
  creatingApp: 'app',
  creatingAppVersion: '1.0.0',
  creatingUser: null,
  status: 'suggested',
  data: { label, polygon },
});

const snapshot = (entries: OutboxEntry[], confirmed: Annotation[] = [], deleted: number[] = []) =>
  buildFileSnapshot(FILE_ID, entries, new Map(confirmed.map((a) => [a.id, a])), new Set(deleted), true);

describe('annotationRows', () => {
  it('lists saved annotations, then pending saves with their save state', () => {
    const pending = failAttempt(beginAttempt(newCreateEntry('e1', FILE_ID, [{ marker: 'm1', item: item('valve') }], 1)), 'unknown', 'HTTP 503', 1, () => 0);
    const rows = annotationRows([saved(1, 'pump')], snapshot([pending]));
    expect(rows.map((row) => [row.key, row.label, row.status, row.saveState, row.error])).toEqual([
      ['id:1', 'pump', 'approved', 'confirmed', null],
      ['marker:m1', 'valve', 'suggested', 'retrying', 'HTTP 503'],
    ]);
    expect(rows[0]?.data?.polygon?.vertices).toHaveLength(3);
  });

  it('applies pending status changes and hides annotations being deleted; a refused delete shows again with its error', () => {
    const entries = enqueueDelete(enqueueStatus([], 's1', FILE_ID, { annotationId: 1 }, 'rejected', 1), 'd1', FILE_ID, { annotationId: 2 }, 2);
    const rows = annotationRows([saved(1, 'pump'), saved(2, 'valve')], snapshot(entries));
    expect(rows.map((row) => [row.key, row.status, row.saveState])).toEqual([['id:1', 'rejected', 'saving']]);

    const refused = entries.map((entry) => (entry.kind === 'delete' ? failAttempt(entry, 'rejected', 'HTTP 403', 0, () => 0) : entry));
    const shown = annotationRows([saved(1, 'pump'), saved(2, 'valve')], snapshot(refused));
    expect(shown.find((row) => row.key === 'id:2')).toMatchObject({ saveState: 'failed', error: 'Not deleted: HTTP 403', entryId: 'd1' });
  });

  it('prefers what this session confirmed over an older list, and drops confirmed deletions from it', () => {
    const newer = { ...saved(1, 'pump', 5), status: 'rejected' as const };
    const rows = annotationRows([saved(1, 'pump', 2), saved(2, 'valve')], snapshot([], [newer, saved(3, 'gauge')], [2]));
    expect(rows.map((row) => [row.key, row.status])).toEqual([['id:1', 'rejected'], ['id:3', 'approved']]);
    // A list fetched after someone else changed it wins over this session's older copy.
    const later = { ...saved(1, 'pump', 9), status: 'suggested' as const };
    expect(annotationRows([later], snapshot([], [newer]))[0]?.status).toBe('suggested');
  });

  it('shows annotations of other types without drawable data', () => {
    const classification = { ...saved(4, 'cat'), annotationType: 'images.Classification', data: { label: 'cat' } };
    expect(annotationRows([classification], snapshot([]))).toEqual([expect.objectContaining({ key: 'id:4', label: 'cat', data: null })]);
  });

  it('ignores other files and says whether this file has unsent work', () => {
    const other = newCreateEntry('e1', 99, [{ marker: 'm1', item: item('x') }], 1);
    expect(snapshot([other]).hasUnsent).toBe(false);
    expect(annotationRows(undefined, snapshot([other]))).toEqual([]);
    const mine = newCreateEntry('e2', FILE_ID, [{ marker: 'm2', item: item('x') }], 1);
    expect(snapshot([mine]).hasUnsent).toBe(true);
  });
});
