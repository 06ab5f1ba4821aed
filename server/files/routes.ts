/**
 * The Files API subset (CDF-API.md §3) plus the unauthenticated link endpoints that stand in for cloud-storage
 * presigned URLs: `PUT /_emulator/upload/<token>` and `GET /_emulator/download/<token>`.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { downloadLinkRequestSchema, fileByIdsRequestSchema, fileDeleteRequestSchema } from '../../contract';
import type { EmulatorContext } from '../context';
import { CdfHttpError } from '../http/errors';
import { parseOrThrow } from '../http/validation';
import { BodyTooLargeError } from './atomicWrite';
import { IconMaker } from './icons';
import {
  downloadLinkQuerySchema,
  fileCreateBodySchema,
  fileIdParamsSchema,
  fileListBodySchema,
  iconQuerySchema,
  overwriteQuerySchema,
} from './schemas';
import { describeReference, type FileReference } from './store';

const DEFAULT_LIST_LIMIT = 100;
export const DOWNLOAD_PATH_PREFIX = '/_emulator/download/';
export const UPLOAD_PATH_PREFIX = '/_emulator/upload/';
/** `type/subtype` with optional parameters (RFC 9110 tokens), roughly what Fastify accepts as a media type. */
const VALID_MEDIA_TYPE = /^\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+\s*(;.*)?$/;

/** The origin the client reached us at, so link URLs work from wherever the client is (host port, proxy, test). */
function originOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

export function registerFileRoutes(app: FastifyInstance, context: EmulatorContext): void {
  const { files, links, config } = context;
  const icons = new IconMaker();
  const base = `/api/v1/projects/:project/files`;

  app.post(base, async (request, reply) => {
    const { overwrite = false } = parseOrThrow(overwriteQuerySchema, request.query, 'Query parameters');
    const body = parseOrThrow(fileCreateBodySchema, request.body);
    const info = await files.create(body, overwrite);
    const token = links.sign('upload', info.id, config.uploadLinkExpiryMs);
    return reply.code(201).send({ ...info, uploadUrl: `${originOf(request)}${UPLOAD_PATH_PREFIX}${token}` });
  });

  app.post(`${base}/list`, (request) => {
    const body = parseOrThrow(fileListBodySchema, request.body ?? {});
    return files.list({
      ...(body.filter ? { filter: body.filter } : {}),
      limit: body.limit ?? DEFAULT_LIST_LIMIT,
      ...(body.cursor !== undefined ? { cursor: body.cursor } : {}),
    });
  });

  app.post(`${base}/byids`, (request) => {
    const body = parseOrThrow(fileByIdsRequestSchema, request.body);
    const resolved = files.resolveMany(body.items, body.ignoreUnknownIds ?? false);
    return { items: resolved.map((file) => files.getInfo(file.id)) };
  });

  app.post(`${base}/delete`, async (request) => {
    const body = parseOrThrow(fileDeleteRequestSchema, request.body);
    const ids = files.resolveMany(body.items).map((file) => file.id);
    // A deleted file's annotations go with it. They go first, so a crash in between never leaves annotations of a
    // file that no longer exists.
    for (const id of ids) await context.annotations.deleteForFile(id);
    await files.remove(ids);
    return {};
  });

  app.post(`${base}/downloadlink`, (request) => {
    const { extendedExpiration = false } = parseOrThrow(downloadLinkQuerySchema, request.query, 'Query parameters');
    const body = parseOrThrow(downloadLinkRequestSchema, request.body);
    const resolved = files.resolveMany(body.items);
    const notUploaded = resolved.filter((file) => !file.uploaded);
    if (notUploaded.length > 0) {
      throw new CdfHttpError(
        400,
        `Files have no content yet (not uploaded): ${notUploaded.map((file) => `id ${file.id}`).join(', ')}`,
      );
    }
    const lifetimeMs = extendedExpiration ? config.extendedDownloadLinkExpiryMs : config.downloadLinkExpiryMs;
    const origin = originOf(request);
    return {
      // Each item names the file the way the request did (CDF-API.md §3.1), plus its link.
      items: body.items.map((reference: FileReference, index) => {
        const file = resolved[index];
        if (!file) throw new Error(`downloadlink: no file resolved for ${describeReference(reference)}`);
        return { ...reference, downloadUrl: `${origin}${DOWNLOAD_PATH_PREFIX}${links.sign('download', file.id, lifetimeMs)}` };
      }),
    };
  });

  app.get(`${base}/icon`, async (request, reply) => {
    const query = parseOrThrow(iconQuerySchema, request.query, 'Query parameters');
    const reference: FileReference =
      query.id !== undefined
        ? { id: query.id }
        : query.externalId !== undefined
          ? { externalId: query.externalId }
          : { instanceId: { space: query.space ?? '', externalId: query.instanceExternalId ?? '' } };
    const file = files.resolveOrThrow(reference);
    const icon = await icons.iconFor(file);
    return reply
      .type('image/jpeg')
      .header('cache-control', 'private, max-age=3600')
      .header('etag', `"${file.cacheKey}"`)
      .send(icon);
  });

  app.get(`${base}/:id`, (request) => {
    const { id } = parseOrThrow(fileIdParamsSchema, request.params, 'Path parameters');
    const info = files.getInfo(id);
    if (!info) throw new CdfHttpError(400, `Files not found: id ${id}`, { missing: [{ id }] });
    return info;
  });

  app.get(`${DOWNLOAD_PATH_PREFIX}:token`, async (request, reply) => {
    const { token } = request.params as { token: string };
    const { fileId, expiresAtMs } = links.verify(token, 'download');
    const file = files.resolve({ id: fileId });
    if (!file?.uploaded) throw new CdfHttpError(404, `File id ${fileId} no longer has content`);
    // Checked before any header goes out, so bytes deleted from the data directory are a clean 404, not a torn reply.
    const { size } = await stat(file.bytesPath).catch((error: unknown) => {
      throw new CdfHttpError(404, `The bytes of file id ${fileId} are missing from the data directory`, {}, { cause: error });
    });
    const remainingS = Math.max(0, Math.floor((expiresAtMs - context.now()) / 1000));
    reply
      .type(file.mimeType ?? 'application/octet-stream')
      // The link's bytes never change while it is valid (a new upload gets a new key): cache until expiry.
      .header('cache-control', `private, max-age=${remainingS}`)
      .header('etag', `"${file.cacheKey}"`)
      .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`);
    reply.header('content-length', String(size));
    return reply.send(createReadStream(file.bytesPath));
  });

  // The upload URL takes raw bytes of any content type, streamed to disk (never buffered: photos reach 100+ MB).
  void app.register((uploadScope, _options, done) => {
    uploadScope.removeAllContentTypeParsers();
    uploadScope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    // Fastify answers 415 to a Content-Type that is not a valid media type (`garbage`) before any parser runs; a
    // presigned PUT stores whatever bytes come. Such a header is dropped, so the bytes reach the catch-all parser.
    uploadScope.addHook('onRequest', (request, _reply, done) => {
      const contentType = request.headers['content-type'];
      if (contentType !== undefined && !VALID_MEDIA_TYPE.test(contentType)) delete request.headers['content-type'];
      done();
    });
    uploadScope.put(`${UPLOAD_PATH_PREFIX}:token`, async (request, reply) => {
      const { token } = request.params as { token: string };
      const { fileId } = links.verify(token, 'upload');
      if (!files.getInfo(fileId)) throw new CdfHttpError(404, `File id ${fileId} no longer exists`);
      const declaredBytes = Number(request.headers['content-length'] ?? Number.NaN);
      if (declaredBytes > config.uploadBodyLimitBytes) {
        // The body stays unread, so the connection cannot be reused: close it once the 413 is sent.
        reply.header('connection', 'close');
        throw new CdfHttpError(413, `Upload of ${declaredBytes} bytes exceeds the limit of ${config.uploadBodyLimitBytes} bytes`);
      }
      const source = (request.body as Readable | undefined) ?? request.raw;
      try {
        await files.writeBytes(fileId, source, config.uploadBodyLimitBytes);
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          reply.header('connection', 'close');
          throw new CdfHttpError(413, `Upload exceeds the limit of ${config.uploadBodyLimitBytes} bytes`);
        }
        throw error;
      }
      return reply.code(200).send();
    });
    done();
  });
}
