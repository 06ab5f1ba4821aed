/**
 * Starts the real emulator in-process for integration tests: port 0 (a free port), a fresh temporary data
 * directory (removed on close) unless one is given, quiet logs, one GrabCut worker, no segmenter
 * prewarming (most tests never segment).
 *
 *   const emulator = await startEmulator();
 *   const response = await emulator.request('POST', '/files/list', { body: { limit: 5 } });
 *   await emulator.close();
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { FileCreateRequest, FileInfo } from '../../contract';
import { buildEmulator } from '../app';
import { DEFAULT_CONFIG, type EmulatorConfig } from '../config';
import type { EmulatorContext } from '../context';

export interface StartEmulatorOptions extends Partial<EmulatorConfig> {
  /** Fake clock (ms since the epoch), e.g. to expire download links. */
  now?: () => number;
  /** Keep the data directory on close (for restart tests); a given `dataDir` is always kept. */
  keepDataDir?: boolean;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Bearer token; `null` sends no Authorization header. Defaults to the emulator's token. */
  token?: string | null;
}

export interface StartedEmulator {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  /** `<baseUrl>/api/v1/projects/<project>` */
  projectUrl: string;
  config: EmulatorConfig;
  context: EmulatorContext;
  app: FastifyInstance;
  /** `Authorization` header with the emulator's token. */
  authHeaders: Record<string, string>;
  /**
   * fetch against the emulator. `path` starting with `/api/` or `/_emulator/` is taken from the base URL; any other
   * path is relative to the project URL (`/files/list`). Absolute URLs are used as given. Objects are sent as JSON.
   */
  request(method: string, path: string, options?: RequestOptions): Promise<Response>;
  /** `POST /files` then `PUT uploadUrl`, as a client uploads; throws unless both succeed. Returns the final FileInfo. */
  uploadFile(metadata: FileCreateRequest, bytes: Uint8Array | string, options?: { overwrite?: boolean }): Promise<FileInfo>;
  close(): Promise<void>;
}

export async function startEmulator(options: StartEmulatorOptions = {}): Promise<StartedEmulator> {
  const { now, keepDataDir = false, ...overrides } = options;
  const ownsDataDir = overrides.dataDir === undefined;
  const dataDir = overrides.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'cdf-emulator-test-')));
  const config: EmulatorConfig = {
    ...DEFAULT_CONFIG,
    port: 0,
    logLevel: 'error',
    workers: 1,
    prewarmSegmenter: false,
    ...overrides,
    dataDir,
  };
  const { app, context } = await buildEmulator(config, now ? { now } : {});
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await app.close();
    throw error;
  }
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('The emulator is not listening on a TCP port');
  const baseUrl = `http://${config.host}:${address.port}`;
  const projectUrl = `${baseUrl}/api/v1/projects/${encodeURIComponent(config.project)}`;
  const authHeaders = { authorization: `Bearer ${config.token}` };

  const request = (method: string, target: string, { body, headers = {}, token }: RequestOptions = {}) => {
    const url = /^https?:\/\//.test(target)
      ? target
      : target.startsWith('/api/') || target.startsWith('/_emulator/')
        ? `${baseUrl}${target}`
        : `${projectUrl}${target}`;
    const allHeaders: Record<string, string> = { ...headers };
    const bearer = token === undefined ? config.token : token;
    if (bearer !== null) allHeaders.authorization = `Bearer ${bearer}`;
    let payload: BodyInit | undefined;
    if (typeof body === 'string' || body instanceof Uint8Array) {
      payload = body as BodyInit;
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      allHeaders['content-type'] ??= 'application/json';
    }
    return fetch(url, { method, headers: allHeaders, ...(payload !== undefined ? { body: payload } : {}) });
  };

  const uploadFile = async (metadata: FileCreateRequest, bytes: Uint8Array | string, { overwrite = false } = {}) => {
    const created = await request('POST', `/files?overwrite=${overwrite}`, { body: metadata });
    if (created.status !== 201) throw new Error(`POST /files answered ${created.status}: ${await created.text()}`);
    const { uploadUrl, id } = (await created.json()) as FileInfo & { uploadUrl: string };
    // A copy, so the body is backed by a plain ArrayBuffer whatever view the caller passed.
    const body = typeof bytes === 'string' ? bytes : new Uint8Array(bytes);
    const put = await fetch(uploadUrl, {
      method: 'PUT',
      body,
      headers: { 'content-type': metadata.mimeType ?? 'application/octet-stream' },
    });
    if (put.status !== 200) throw new Error(`PUT uploadUrl answered ${put.status}: ${await put.text()}`);
    const info = context.files.getInfo(id);
    if (!info) throw new Error(`File ${id} vanished after upload`);
    return info;
  };

  return {
    baseUrl,
    projectUrl,
    config: context.config,
    context,
    app,
    authHeaders,
    request,
    uploadFile,
    async close() {
      await app.close();
      if (ownsDataDir && !keepDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
