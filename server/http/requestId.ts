import { randomBytes } from 'node:crypto';

/** A CDF-style request id: 16 random hex characters (the old CDF docs show `X-Request-Id: 08cb1eec0bc5529d`). */
export function newRequestId(): string {
  return randomBytes(8).toString('hex');
}
