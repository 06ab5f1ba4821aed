/**
 * Every choice the emulator makes about segment-job behaviour that no public source confirms (CDF-API.md marks these
 * UNCONFIRMED). One module, so each is easy to find and change.
 */

/**
 * `cdf-version` must name the beta or alpha API, bare or with a date prefix (`beta`, `20230101-beta`, `alpha`).
 * [docs-beta] says the endpoints are "Available only when the cdf-version: beta header is provided"; the status
 * code and message of the refusal are UNCONFIRMED. 400 with the text CDF gives for another beta-only API (Streams,
 * Cognite Hub thread), prefixed so the header is named.
 */
export const BETA_VERSION_PATTERN = /^(\d{8}-)?(beta|alpha)$/i;
export const BETA_HEADER_STATUS = 400;
export const betaHeaderMessage = (given: string | undefined): string =>
  `The cdf-version header must be beta or alpha (e.g. "cdf-version: beta") for this endpoint, got ${given === undefined ? 'none' : JSON.stringify(given)}. The feature can only be used with [alpha, beta] headers`;

/**
 * Queued + Running jobs allowed per project. Extract documents "up to 20 concurrent jobs per CDF project"; segment
 * documents none. Past it: 429 (CDF's status for concurrency limiting, §2.4) with a CDF error body.
 */
export const MAX_ACTIVE_JOBS_PER_PROJECT = 20;
export const tooManyJobsMessage = (limit: number): string =>
  `Too many concurrent segment jobs: at most ${limit} may be queued or running per project. Retry when one has finished`;

/** How long a finished job stays retrievable. CDF documents no retention; at least one hour, as the brief requires. */
export const JOB_RETENTION_MS = 2 * 60 * 60 * 1000;

/**
 * An unknown job id (never created, expired, or another project's) → 400 with a CDF error body. CDF's exact answer is
 * UNCONFIRMED ("probably 400", CDF-API.md §1.2). Job ids are not secret, so "foreign" and "unknown" read the same.
 */
export const UNKNOWN_JOB_STATUS = 400;
export const unknownJobMessage = (jobId: number): string => `Could not find a segment job with jobId ${jobId}`;

/** Job ids: int64 in CDF; the emulator counts up from here (large, like CDF's, and not mistaken for a file id). */
export const FIRST_JOB_ID = 7_000_000_000_001;

/**
 * Points per request: no maximum is documented. A bound keeps one request from holding a worker for long; 1000 is far
 * beyond any interactive prompt.
 */
export const MAX_POINTS = 1000;

/** Only these may be segmented ([docs-beta]: "The mimeType must be image/png or image/jpeg"; `image/jpg` is not). */
export const SEGMENTABLE_MIME_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg']);

/**
 * Timestamps: `createdTime` = `startTime` = the POST (the docs' examples show them equal); `statusTime` = the latest
 * status change. A status change within the same millisecond as the previous one is stamped 1 ms later, so
 * `statusTime` strictly increases with each change and a poller can order what it saw.
 */
export const STATUS_TIME_STRICTLY_INCREASES = true;

/**
 * A failed job answers `status: "Failed"`, `errorMessage`, `items: []` and `failedItems: [{errorMessage, items:
 * [file]}]` (the extract jobs' batch semantics; UNCONFIRMED for segment).
 */
export const FAILED_JOB_HAS_FAILED_ITEMS = true;

/**
 * A prompt that selects nothing (only negative points, or a region GrabCut rejects) completes with `segments: []`
 * rather than failing: the request was valid, the model found no object.
 */
export const EMPTY_RESULT_COMPLETES = true;

/**
 * Job items (`VisionAllOfFileId`) carry `fileId`, `fileExternalId` when the file has one, and `fileInstanceId` when
 * the file has one (the docs' example shows all three; whether CDF echoes the instance id when the request named the
 * file by id is UNCONFIRMED). Result items (`VisionSegmentItem`) have no `fileInstanceId` in the schema.
 */
export const ECHO_FILE_INSTANCE_ID = true;

/** `POST /_emulator/reset` forgets all jobs (their ids then answer as unknown), so tests start from a clean queue. */
export const RESET_FORGETS_JOBS = true;
