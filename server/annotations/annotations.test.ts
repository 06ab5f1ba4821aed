/**
 * The annotations API over HTTP against the in-process emulator: every answer checked against Cognite's OpenAPI
 * subset, every bad input named in the contract answered 400 with a message naming the field.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Annotation, AnnotationListResponse } from '../../contract';
import { FIXTURE_FILES } from '../fixtures/manifest';
import { OTHER_SAMPLE_FILE_ID, SAMPLE_FILE_ID, TRIANGLE, objectDetectionItem } from '../testing/annotationItems';
import { assertCdfError, assertMatchesResponse, checkSchema } from '../testing/openapi';
import { startEmulator, type StartedEmulator } from '../testing/startEmulator';

const FILE_ID = SAMPLE_FILE_ID;
const triangle = TRIANGLE;
const objectDetection = objectDetectionItem;

let emulator: StartedEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  // Each test starts from no annotations on the sample files.
  const existing = [...FIXTURE_FILES.map((file) => file.id)].flatMap((id) =>
    emulator.context.annotations.list({ annotatedResourceType: 'file', annotatedResourceIds: [{ id }] }, 1000).items,
  );
  if (existing.length > 0) await emulator.context.annotations.delete(existing.map((annotation) => annotation.id));
});

async function post(path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await emulator.request('POST', path, { body });
  return { status: response.status, body: await response.json() };
}

async function create(items: unknown[]): Promise<Annotation[]> {
  const answer = await post('/annotations', { items });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  assertMatchesResponse('AnnotationsV2CreateResponseSchema', answer.body);
  return (answer.body as { items: Annotation[] }).items;
}

async function expect400(path: string, body: unknown, message: RegExp): Promise<unknown> {
  const answer = await post(path, body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(400);
  assertCdfError(answer.body);
  expect((answer.body as { error: { message: string } }).error.message).toMatch(message);
  return answer.body;
}

const listFilter = (fileId = FILE_ID) => ({ annotatedResourceType: 'file', annotatedResourceIds: [{ id: fileId }] });

describe('create, get, byids', () => {
  it('creates annotations field for field, with ids and times', async () => {
    const [created] = await create([objectDetection({ creatingUser: null })]);
    const { id, createdTime, lastUpdatedTime, ...fields } = created ?? { id: 0, createdTime: 0, lastUpdatedTime: -1 };
    expect(fields).toEqual(objectDetection({ creatingUser: null }));
    expect(Number.isSafeInteger(id) && id > 0).toBe(true);
    expect(createdTime).toBe(lastUpdatedTime);
    const got = await emulator.request('GET', `/annotations/${created?.id}`);
    const body: unknown = await got.json();
    expect(got.status).toBe(200);
    assertMatchesResponse('AnnotationsV2ResponseSchema', body);
    expect(body).toEqual(created);
  });

  it('suggest forces status "suggested" and takes the other image types', async () => {
    const { status: _status, ...item } = objectDetection();
    const classification = { ...item, annotationType: 'images.Classification', data: { label: 'scene' } };
    const text = { ...item, annotationType: 'images.TextRegion', data: { text: 'P-101', textRegion: { xMin: 0.1, xMax: 0.2, yMin: 0.1, yMax: 0.2 } } };
    const answer = await post('/annotations/suggest', { items: [item, classification, text] });
    expect(answer.status).toBe(201);
    assertMatchesResponse('AnnotationsV2CreateResponseSchema', answer.body);
    expect((answer.body as { items: Annotation[] }).items.map((a) => a.status)).toEqual(['suggested', 'suggested', 'suggested']);
  });

  it('byids answers in request order, and leaves out unknown ids only when asked', async () => {
    const [a, b] = await create([objectDetection(), objectDetection({}, { label: 'valve' })]);
    const answer = await post('/annotations/byids', { items: [{ id: b?.id }, { id: a?.id }] });
    assertMatchesResponse('AnnotationsV2ListResponseSchema', answer.body);
    expect((answer.body as { items: Annotation[] }).items.map((x) => x.id)).toEqual([b?.id, a?.id]);
    const body = await expect400('/annotations/byids', { items: [{ id: a?.id }, { id: 42 }] }, /Annotations not found: id 42/);
    expect(body).toMatchObject({ error: { missing: [{ id: 42 }] } });
    const some = await post('/annotations/byids', { items: [{ id: a?.id }, { id: 42 }], ignoreUnknownIds: true });
    expect((some.body as { items: Annotation[] }).items.map((x) => x.id)).toEqual([a?.id]);
    await expect400('/annotations/byids', { items: [{ id: a?.id }, { id: a?.id }] }, /duplicate/);
  });

  it('GET of an unknown or malformed id is a 400 naming it', async () => {
    for (const [path, message] of [
      ['/annotations/99', /Annotations not found: id 99/],
      ['/annotations/abc', /annotationId must be an integer id/],
    ] as const) {
      const response = await emulator.request('GET', path);
      expect(response.status).toBe(400);
      const body: unknown = await response.json();
      assertCdfError(body);
      expect((body as { error: { message: string } }).error.message).toMatch(message);
    }
  });
});

describe('the schema check itself', () => {
  it('rejects data that does not fit its annotationType (quirk 5 of testing/openapi.ts)', async () => {
    const [created] = await create([objectDetection()]);
    const textRegion = { text: 'P-101', textRegion: { xMin: 0.1, xMax: 0.2, yMin: 0.1, yMax: 0.2 } };
    expect(checkSchema('AnnotationsV2ResponseSchema', { ...created, data: textRegion }).valid).toBe(false);
    expect(checkSchema('AnnotationsV2ResponseSchema', { ...created, annotationType: 'images.TextRegion', data: textRegion }).valid).toBe(true);
  });
});

describe('list', () => {
  it('filters by file, type, status, creator and data subset, and pages with a cursor', async () => {
    await create([
      objectDetection(),
      objectDetection({ status: 'rejected' }, { label: 'valve' }),
      objectDetection({ creatingApp: 'other' }),
      objectDetection({ annotatedResourceId: OTHER_SAMPLE_FILE_ID }),
    ]);
    const list = async (filter: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
      const answer = await post('/annotations/list', { filter: { ...listFilter(), ...filter }, ...extra });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      assertMatchesResponse('AnnotationsV2CursoredListResponseSchema', answer.body);
      return answer.body as AnnotationListResponse;
    };
    expect((await list({})).items).toHaveLength(3);
    expect((await list({ status: 'rejected' })).items.map((a) => a.data['label'])).toEqual(['valve']);
    expect((await list({ creatingApp: 'other' })).items).toHaveLength(1);
    expect((await list({ data: { label: 'pump' } })).items).toHaveLength(2);
    expect((await list({ data: { label: 'Pump' } })).items).toHaveLength(0);
    expect((await list({ data: { polygon: { vertices: triangle } } })).items).toHaveLength(3);
    expect((await list({ annotationType: 'images.Classification' })).items).toHaveLength(0);
    const externalId = FIXTURE_FILES[1]?.externalId ?? '';
    expect((await list({ annotatedResourceIds: [{ externalId }] })).items).toHaveLength(1);

    const first = await list({}, { limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await list({}, { limit: 2, cursor: first.nextCursor });
    expect(second.items).toHaveLength(1);
    expect(second).not.toHaveProperty('nextCursor');
    expect(new Set([...first.items, ...second.items].map((a) => a.id)).size).toBe(3);
    await expect400('/annotations/list', { filter: listFilter(), cursor: 'bm9wZQ' }, /cursor: invalid/);
  });
});

describe('update and delete', () => {
  it('sets status, data and annotationType, and checks the data against the resulting type', async () => {
    const [a] = await create([objectDetection()]);
    const answer = await post('/annotations/update', { items: [{ id: a?.id, update: { status: { set: 'rejected' }, data: { set: { label: 'valve', boundingBox: { xMin: 0, xMax: 0.5, yMin: 0, yMax: 0.5 } } } } }] });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    assertMatchesResponse('AnnotationsV2UpdateResponseSchema', answer.body);
    expect((answer.body as { items: Annotation[] }).items[0]).toMatchObject({ status: 'rejected', data: { label: 'valve' } });

    await expect400('/annotations/update', { items: [{ id: a?.id, update: { data: { set: { label: 'x' } } } }] }, /items\[0\]\.update\.data\.set: exactly one of boundingBox, polygon, polyline/);
    await expect400('/annotations/update', { items: [{ id: a?.id, update: { annotationType: { set: 'images.Classification' } } }] }, /items\[0\]\.update\.annotationType\.set: the annotation's data does not fit/);
    await expect400('/annotations/update', { items: [{ id: a?.id, update: { status: { set: 'done' } } }] }, /items\[0\]\.update\.status\.set: status must be one of/);
    await expect400('/annotations/update', { items: [{ id: 5, update: { status: { set: 'approved' } } }] }, /Annotations not found: id 5/);
    const changed = await post('/annotations/update', { items: [{ id: a?.id, update: { annotationType: { set: 'images.Classification' }, data: { set: { label: 'scene' } } } }] });
    expect((changed.body as { items: Annotation[] }).items[0]).toMatchObject({ annotationType: 'images.Classification', data: { label: 'scene' } });
  });

  it('deletes all listed or none', async () => {
    const [a, b] = await create([objectDetection(), objectDetection()]);
    await expect400('/annotations/delete', { items: [{ id: a?.id }, { id: 77 }] }, /Annotations not found: id 77/);
    expect(emulator.context.annotations.get(a?.id ?? 0)).toBeDefined();
    const answer = await post('/annotations/delete', { items: [{ id: a?.id }, { id: b?.id }] });
    expect(answer).toEqual({ status: 200, body: {} });
    expect((await post('/annotations/byids', { items: [{ id: a?.id }], ignoreUnknownIds: true })).body).toEqual({ items: [] });
  });
});

describe('bad input: 400 naming the field', () => {
  const vertices = (count: number) => Array.from({ length: count }, (_, i) => ({ x: (i % 10) / 10, y: Math.floor(i / 10) / 1000 }));
  it.each([
    ['a polygon of 2 vertices', objectDetection({}, { polygon: { vertices: vertices(2) } }), /items\[0\]\.data\.polygon\.vertices: a polygon needs at least 3 vertices/],
    ['a polygon of 1001 vertices', objectDetection({}, { polygon: { vertices: vertices(1001) } }), /items\[0\]\.data\.polygon\.vertices: a polygon holds at most 1000 vertices/],
    ['a coordinate outside [0,1]', objectDetection({}, { polygon: { vertices: [...triangle.slice(0, 2), { x: 0.5, y: 1.5 }] } }), /items\[0\]\.data\.polygon\.vertices\[2\]\.y: y must be between 0 and 1/],
    ['no data.label', { ...objectDetection(), data: { polygon: { vertices: triangle } } }, /items\[0\]\.data\.label: label is required/],
    ['a 200-character label', objectDetection({}, { label: 'x'.repeat(200) }), /items\[0\]\.data\.label: label must hold 1 to 128 characters/],
    ['an unknown annotationType', objectDetection({ annotationType: 'images.InstanceSegmentation' }), /items\[0\]\.annotationType: annotationType must be one of/],
    ['both boundingBox and polygon', objectDetection({}, { boundingBox: { xMin: 0, xMax: 1, yMin: 0, yMax: 1 } }), /items\[0\]\.data\.polygon: give exactly one of boundingBox, polygon, polyline/],
    ['an unknown status', objectDetection({ status: 'done' }), /items\[0\]\.status: status must be one of suggested, approved, rejected/],
    ['an unknown annotatedResourceId', objectDetection({ annotatedResourceId: 123 }), /items\[0\]\.annotatedResourceId: no file with id 123/],
    ['a threedmodel id', objectDetection({ annotatedResourceType: 'threedmodel' }), /items\[0\]\.annotatedResourceId: no threedmodel/],
    ['no creatingApp', { ...objectDetection(), creatingApp: undefined }, /items\[0\]\.creatingApp: creatingApp is required/],
    ['an unknown field', { ...objectDetection(), colour: 'red' }, /Unrecognized field: items\[0\]\.colour/],
  ])('create with %s', async (_case, item, message) => {
    await expect400('/annotations', { items: [item] }, message);
  });

  it('takes 1 to 1000 items per call and writes nothing when one item is bad', async () => {
    await expect400('/annotations', { items: [] }, /items: items must hold between 1 and 1000/);
    await expect400('/annotations', { items: Array.from({ length: 1001 }, () => objectDetection()) }, /items: items must hold between 1 and 1000/);
    await expect400('/annotations', { items: [objectDetection(), objectDetection({ annotatedResourceId: 9 })] }, /items\[1\]\.annotatedResourceId/);
    const listed = await post('/annotations/list', { filter: listFilter(), limit: 1000 });
    expect((listed.body as AnnotationListResponse).items).toHaveLength(0);
    expect((await create(Array.from({ length: 1000 }, () => objectDetection()))).length).toBe(1000);
  });

  it('list: required filter fields, limit and ids', async () => {
    await expect400('/annotations/list', {}, /filter: /);
    await expect400('/annotations/list', { filter: { annotatedResourceIds: [{ id: 1 }] } }, /filter\.annotatedResourceType: annotatedResourceType must be/);
    await expect400('/annotations/list', { filter: { annotatedResourceType: 'file', annotatedResourceIds: [] } }, /filter\.annotatedResourceIds: /);
    await expect400('/annotations/list', { filter: listFilter(), limit: 1001 }, /limit: limit must be an integer between 1 and 1000/);
    await expect400('/annotations/list', { filter: { ...listFilter(), status: 'nope' } }, /filter\.status: status must be one of/);
  });

  it('suggest refuses a status; byids and delete refuse bad ids', async () => {
    await expect400('/annotations/suggest', { items: [objectDetection()] }, /Unrecognized field: items\[0\]\.status/);
    await expect400('/annotations/byids', { items: [{ id: '1' }] }, /items\[0\]\.id: id must be an integer id/);
    await expect400('/annotations/delete', { items: [{ id: 0 }] }, /items\[0\]\.id: id must be between 1 and 2\^53-1/);
    await expect400('/annotations/delete', { items: [{ id: 1 }], ignoreUnknownIds: true }, /Unrecognized field: ignoreUnknownIds/);
  });
});
