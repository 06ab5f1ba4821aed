/**
 * Signed download and upload links. CDF hands out presigned cloud-storage URLs that need no bearer token; the
 * emulator mimics them with a token holding the file id and the expiry time, HMAC-signed together with the link kind. The secret
 * persists in the data directory so links survive a restart, as real presigned URLs do.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CdfHttpError } from '../http/errors';
import { writeFileAtomic } from './atomicWrite';

export type LinkKind = 'download' | 'upload';

export interface LinkPayload {
  kind: LinkKind;
  fileId: number;
  expiresAtMs: number;
}

/** 128 bits of HMAC-SHA256 is plenty against forgery and keeps URLs short. */
const SIGNATURE_BYTES = 16;

const SECRET_BYTES = 32;

export async function loadOrCreateLinkSecret(dataDir: string): Promise<Buffer> {
  const secretPath = path.join(dataDir, 'link-secret');
  try {
    const secret = Buffer.from((await readFile(secretPath, 'utf8')).trim(), 'hex');
    if (secret.length === SECRET_BYTES) return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(SECRET_BYTES);
  await writeFileAtomic(secretPath, secret.toString('hex'));
  return secret;
}

export class LinkSigner {
  constructor(
    private readonly secret: Buffer,
    private readonly now: () => number,
  ) {}

  private mac(kind: LinkKind, fileId: number, expiresAtMs: number): Buffer {
    return createHmac('sha256', this.secret).update(`${kind}|${fileId}|${expiresAtMs}`).digest().subarray(0, SIGNATURE_BYTES);
  }

  /** `<fileId>.<expiresAtMs>.<signature>`; the kind is bound into the signature, so a download token cannot upload. */
  sign(kind: LinkKind, fileId: number, lifetimeMs: number): string {
    const expiresAtMs = this.now() + lifetimeMs;
    return `${fileId}.${expiresAtMs}.${this.mac(kind, fileId, expiresAtMs).toString('base64url')}`;
  }

  /** The payload of a valid, unexpired token of `kind`; otherwise a 403 CDF error saying why. */
  verify(token: string, kind: LinkKind): LinkPayload {
    const match = /^(\d{1,16})\.(\d{1,16})\.([A-Za-z0-9_-]{1,64})$/.exec(token);
    if (!match?.[1] || !match[2] || !match[3]) throw new CdfHttpError(403, `Invalid ${kind} link`);
    const fileId = Number(match[1]);
    const expiresAtMs = Number(match[2]);
    const presented = Buffer.from(match[3], 'base64url');
    const expected = this.mac(kind, fileId, expiresAtMs);
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
      throw new CdfHttpError(403, `Invalid ${kind} link: signature does not match`);
    }
    if (expiresAtMs <= this.now()) throw new CdfHttpError(403, `The ${kind} link has expired; request a new one`);
    return { kind, fileId, expiresAtMs };
  }
}
