/**
 * `POST /api/v1/projects/{project}/context/vision/segment` and `GET .../segment/{jobId}` (CDF-API.md §1, §7).
 * Auth, CORS, request ids and injected HTTP faults are handled by the app's hooks before these handlers run.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../context';
import { CdfHttpError } from '../http/errors';
import { chooseSegmenter, createSegmenter } from '../segmenter/createSegmenter';
import type { Segmenter, SegmenterName } from '../segmenter/types';
import { FIXTURE_FILES } from '../fixtures/manifest';
import {
  BETA_HEADER_STATUS,
  BETA_VERSION_PATTERN,
  betaHeaderMessage,
  RESET_FORGETS_JOBS,
  SEGMENTABLE_MIME_TYPES,
  tooManyJobsMessage,
  UNKNOWN_JOB_STATUS,
  unknownJobMessage,
} from './policy';
import { JobStore, TooManyJobsError } from './store';
import { parseSegmentRequest, type SegmentItemReference } from './request';
import { getResponse, postResponse } from './views';
import type { FileReference, ResolvedFile } from '../files/store';

export interface SegmentRouteOptions {
  /** Use this segmenter instead of the configured one (tests). */
  segmenter?: Segmenter;
}

function requireBetaHeader(request: FastifyRequest): void {
  const header = request.headers['cdf-version'];
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !BETA_VERSION_PATTERN.test(value.trim())) {
    throw new CdfHttpError(BETA_HEADER_STATUS, betaHeaderMessage(value));
  }
}

function toFileReference(item: SegmentItemReference): FileReference {
  if ('fileId' in item) return { id: item.fileId };
  if ('fileExternalId' in item) return { externalId: item.fileExternalId };
  return { instanceId: item.fileInstanceId };
}

function describeItem(item: SegmentItemReference): string {
  if ('fileId' in item) return `fileId ${item.fileId}`;
  if ('fileExternalId' in item) return `fileExternalId ${JSON.stringify(item.fileExternalId)}`;
  return `fileInstanceId ${JSON.stringify(item.fileInstanceId)}`;
}

/**
 * Registers the segment routes and returns the name of the segmenter that answers them (for the health route).
 * With `config.prewarmSegmenter` the segmenter starts now and prepares the sample images and every new upload.
 */
export function registerSegmentRoutes(app: FastifyInstance, context: EmulatorContext, options: SegmentRouteOptions = {}): SegmenterName {
  const choice = options.segmenter ? { name: options.segmenter.name } : chooseSegmenter(context.config.segmenter);
  if ('fallbackReason' in choice && choice.fallbackReason !== undefined) app.log.error(choice.fallbackReason);
  let pool: Segmenter | undefined = options.segmenter;
  const segmenter = (): Segmenter => {
    pool ??= createSegmenter(choice.name, {
      workers: context.config.workers,
      onPrepareError: (message, error) => app.log.warn({ err: error }, message),
    });
    return pool;
  };
  const prepare = (file: ResolvedFile | undefined): void => {
    if (!file?.uploaded || file.mimeType === undefined || !SEGMENTABLE_MIME_TYPES.has(file.mimeType)) return;
    segmenter().prepare({ imageKey: file.cacheKey, imagePath: file.bytesPath });
  };
  if (context.config.prewarmSegmenter) {
    segmenter();
    for (const fixture of FIXTURE_FILES) prepare(context.files.resolve({ externalId: fixture.externalId }));
    context.files.onUploaded((id) => prepare(context.files.resolve({ id })));
  }

  const jobs = new JobStore({
    now: context.now,
    segmenter,
    faults: context.faults,
    logError: (message, error) => app.log.error({ err: error }, message),
  });
  if (RESET_FORGETS_JOBS) context.faults.onReset(() => jobs.reset());
  context.onClose(async () => {
    jobs.close();
    // Only a pool this module created is closed here; an injected segmenter belongs to the caller.
    if (pool && pool !== options.segmenter) await pool.close();
  });

  const base = '/api/v1/projects/:project/context/vision/segment';

  app.post<{ Params: { project: string } }>(base, async (request, reply) => {
    requireBetaHeader(request);
    const valid = parseSegmentRequest(request.body);
    const file = context.files.resolve(toFileReference(valid.item));
    if (!file) {
      throw new CdfHttpError(400, `File not found: ${describeItem(valid.item)}`, { missing: [{ ...valid.item }] });
    }
    if (file.mimeType === undefined || !SEGMENTABLE_MIME_TYPES.has(file.mimeType)) {
      throw new CdfHttpError(
        400,
        `File ${file.id} has mimeType ${file.mimeType === undefined ? '(none)' : JSON.stringify(file.mimeType)}; segment supports only image/png and image/jpeg`,
      );
    }
    if (!file.uploaded) throw new CdfHttpError(400, `File ${file.id} has no content: it has not been uploaded`);
    try {
      const job = jobs.create(request.params.project, valid, file);
      return await reply.code(200).send(postResponse(job));
    } catch (error) {
      if (error instanceof TooManyJobsError) throw new CdfHttpError(429, tooManyJobsMessage(error.limit));
      throw error;
    }
  });

  app.get<{ Params: { project: string; jobId: string } }>(`${base}/:jobId`, async (request, reply) => {
    requireBetaHeader(request);
    const { jobId: rawJobId } = request.params;
    const jobId = /^\d{1,16}$/.test(rawJobId) ? Number(rawJobId) : Number.NaN;
    if (!Number.isSafeInteger(jobId) || jobId < 1) {
      throw new CdfHttpError(400, `jobId must be a positive integer, got ${JSON.stringify(rawJobId)}`);
    }
    const job = jobs.get(request.params.project, jobId);
    if (!job) throw new CdfHttpError(UNKNOWN_JOB_STATUS, unknownJobMessage(jobId));
    return reply.code(200).send(getResponse(job));
  });
  return choice.name;
}
