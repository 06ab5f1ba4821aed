/**
 * Raw HTTP over a plain socket, for tests of request targets and framing that fetch and node:http would normalise or
 * refuse to send (`/%61pi/...` stays as written here, an absolute-form target, a request without a Host header).
 */
import type { IncomingHttpHeaders } from 'node:http';
import net from 'node:net';

export interface RawAnswer {
  status: number;
  /** Lower-cased names; a repeated header keeps its last value. */
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const RAW_TIMEOUT_MS = 5000;

/**
 * Writes `bytes` to `baseUrl`'s port and reads until the server closes the connection (send `connection: close`, or
 * leave `endAfterWrite` on); resolves undefined when no complete head arrived.
 */
export function sendRaw(
  baseUrl: string,
  bytes: Buffer,
  { endAfterWrite = true, destroyAfterMs }: { endAfterWrite?: boolean; destroyAfterMs?: number } = {},
): Promise<RawAnswer | undefined> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    const finish = () => {
      const all = Buffer.concat(chunks);
      const headEnd = all.indexOf('\r\n\r\n');
      if (headEnd < 0) return resolve(undefined);
      const [statusLine = '', ...headerLines] = all.subarray(0, headEnd).toString('latin1').split('\r\n');
      const headers: IncomingHttpHeaders = {};
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: all.subarray(headEnd + 4) });
    };
    socket.setTimeout(RAW_TIMEOUT_MS, () => socket.destroy());
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', finish);
    // A reset after the answer is normal for the hostile requests these tests send; the answer (or none) is checked.
    socket.on('error', () => undefined);
    socket.write(bytes, () => {
      if (destroyAfterMs !== undefined) setTimeout(() => socket.destroy(), destroyAfterMs);
      else if (endAfterWrite) socket.end();
    });
  });
}

/**
 * One HTTP/1.1 request with `target` written exactly as given in the request line. `headers` are sent in order;
 * a JSON `body` gets content-type and content-length. `connection: close` is always sent.
 */
export function rawRequest(
  baseUrl: string,
  method: string,
  target: string,
  { headers = {}, body }: { headers?: Record<string, string>; body?: unknown } = {},
): Promise<RawAnswer | undefined> {
  const payload = body === undefined ? '' : JSON.stringify(body);
  const lines = [`${method} ${target} HTTP/1.1`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
  if (body !== undefined) lines.push('content-type: application/json', `content-length: ${Buffer.byteLength(payload)}`);
  lines.push('connection: close', '', payload);
  return sendRaw(baseUrl, Buffer.from(lines.join('\r\n'), 'utf8'));
}
