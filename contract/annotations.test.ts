import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  annotationCreateRequestSchema,
  annotationListRequestSchema,
  annotationSchema,
  annotationSuggestRequestSchema,
  annotationUpdateRequestSchema,
} from './annotations';
import { objectDetectionDataResponseSchema } from './annotationData';

const triangle = [
  { x: 0.1, y: 0.1 },
  { x: 0.5, y: 0.1 },
  { x: 0.3, y: 0.6 },
];

const validItem = {
  annotatedResourceType: 'file',
  annotatedResourceId: 7,
  annotationType: 'images.ObjectDetection',
  creatingApp: 'sam-annotator',
  creatingAppVersion: '0.1.0',
  creatingUser: null,
  status: 'approved',
  data: { label: 'pump', confidence: 0.9, polygon: { vertices: triangle } },
};

/** The messages of a failed parse, each prefixed with the path of its field. */
function problems(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

const createWith = (patch: Record<string, unknown>, data?: Record<string, unknown>) =>
  problems(annotationCreateRequestSchema, {
    items: [{ ...validItem, ...patch, data: data ?? validItem.data }],
  });

describe('annotation create request', () => {
  it('accepts an object detection with a polygon and a null creatingUser', () => {
    expect(createWith({})).toEqual([]);
  });

  it.each([
    ['a polygon of 2 vertices', { label: 'a', polygon: { vertices: triangle.slice(0, 2) } }, 'items.0.data.polygon.vertices'],
    ['a polygon of 1001 vertices', { label: 'a', polygon: { vertices: Array.from({ length: 1001 }, () => triangle[0]) } }, 'items.0.data.polygon.vertices'],
    ['a vertex outside [0,1]', { label: 'a', polygon: { vertices: [...triangle.slice(0, 2), { x: 1.2, y: 0 }] } }, 'items.0.data.polygon.vertices.2.x'],
    ['no label', { polygon: { vertices: triangle } }, 'items.0.data.label'],
    ['a 200-character label', { label: 'x'.repeat(200), polygon: { vertices: triangle } }, 'items.0.data.label'],
    ['both boundingBox and polygon', { label: 'a', polygon: { vertices: triangle }, boundingBox: { xMin: 0, xMax: 1, yMin: 0, yMax: 1 } }, 'items.0.data.polygon'],
    ['no region', { label: 'a' }, 'items.0.data'],
    ['xMin not below xMax', { label: 'a', boundingBox: { xMin: 0.5, xMax: 0.5, yMin: 0, yMax: 1 } }, 'items.0.data.boundingBox.xMax'],
    ['an unknown data field', { label: 'a', polygon: { vertices: triangle }, colour: 'red' }, 'items.0.data'],
  ])('names the field of %s', (_case, data, path) => {
    const found = createWith({}, data);
    expect(found.some((problem) => problem.startsWith(`${path}:`)), found.join(' | ')).toBe(true);
  });

  it('names annotationType, status, annotatedResourceId and creatingUser', () => {
    expect(createWith({ annotationType: 'images.InstanceSegmentation' })[0]).toMatch(/^items\.0\.annotationType: annotationType must be one of/);
    expect(createWith({ annotationType: 'diagrams.AssetLink' })[0]).toMatch(/does not model/);
    expect(createWith({ status: 'done' })).toEqual(['items.0.status: status must be one of suggested, approved, rejected']);
    expect(createWith({ annotatedResourceId: '7' })[0]).toMatch(/^items\.0\.annotatedResourceId: /);
    const { creatingUser: _omitted, ...withoutUser } = validItem;
    expect(problems(annotationCreateRequestSchema, { items: [withoutUser] })[0]).toMatch(/^items\.0\.creatingUser: /);
  });

  it('holds 1 to 1000 items', () => {
    expect(problems(annotationCreateRequestSchema, { items: [] })[0]).toMatch(/^items: /);
    expect(problems(annotationCreateRequestSchema, { items: Array.from({ length: 1001 }, () => validItem) })[0]).toMatch(/^items: /);
  });

  it('suggest takes no status', () => {
    const { status: _status, ...suggestItem } = validItem;
    expect(problems(annotationSuggestRequestSchema, { items: [suggestItem] })).toEqual([]);
    expect(problems(annotationSuggestRequestSchema, { items: [validItem] })[0]).toMatch(/^items\.0: Unrecognized key/);
  });
});

describe('annotation update and list requests', () => {
  it('checks new data against a new type given with it', () => {
    const update = { annotationType: { set: 'images.Classification' }, data: { set: { label: 'a', polygon: { vertices: triangle } } } };
    expect(problems(annotationUpdateRequestSchema, { items: [{ id: 1, update }] })[0]).toMatch(/^items\.0\.update\.data\.set: /);
    expect(problems(annotationUpdateRequestSchema, { items: [{ id: 1, update: { status: { set: 'approved' } } }] })).toEqual([]);
  });

  it('requires the resource type and 1 to 1000 resource ids', () => {
    expect(problems(annotationListRequestSchema, { filter: { annotatedResourceType: 'file', annotatedResourceIds: [{ id: 1 }] }, limit: 1000 })).toEqual([]);
    expect(problems(annotationListRequestSchema, { filter: { annotatedResourceType: 'file', annotatedResourceIds: [] } })[0]).toMatch(
      /^filter\.annotatedResourceIds: /,
    );
    expect(problems(annotationListRequestSchema, { filter: { annotatedResourceType: 'file', annotatedResourceIds: [{ id: 1 }] }, limit: 1001 })[0]).toMatch(/^limit: /);
  });
});

describe('annotation responses', () => {
  it('read leniently: unknown keys and other annotation types pass, nulls where CDF writes defaults', () => {
    const stored = { ...validItem, id: 3, createdTime: 1, lastUpdatedTime: 2, annotationType: 'diagrams.AssetLink', extra: true };
    expect(annotationSchema.parse(stored)).not.toHaveProperty('extra');
    const data = objectDetectionDataResponseSchema.parse({ label: 'a', boundingBox: null, polygon: { vertices: [{ x: 0, y: 0, confidence: null }] } });
    expect(data.polygon?.vertices).toHaveLength(1);
  });
});
