import { describe, expect, it, vi } from 'vitest';
import { withSharedRenewal, type TokenRequest } from './tokenProviders';

/** A host-like provider: its cached token until asked to renew, then the next one (`t1`, `t2`, …). */
function renewingHost() {
  let generation = 1;
  const renewals: Array<() => void> = [];
  const provider = vi.fn((request?: TokenRequest) => {
    if (request?.rejectedToken === undefined) return Promise.resolve(`t${generation}`);
    // Renewals finish when the test says so, to keep several asks in flight at once.
    return new Promise<string>((resolve) => {
      renewals.push(() => {
        generation += 1;
        resolve(`t${generation}`);
      });
    });
  });
  return { provider, finishRenewal: () => renewals.shift()?.() };
}

describe('withSharedRenewal', () => {
  it('passes ordinary asks straight through', async () => {
    const { provider } = renewingHost();
    const shared = withSharedRenewal(provider);
    await expect(shared()).resolves.toBe('t1');
    await expect(shared()).resolves.toBe('t1');
    expect(provider).toHaveBeenCalledTimes(2);
  });

  it('lets concurrent asks after a 401 share one renewal', async () => {
    const { provider, finishRenewal } = renewingHost();
    const shared = withSharedRenewal(provider);
    const asks = [shared({ rejectedToken: 't1' }), shared({ rejectedToken: 't1' }), shared({ rejectedToken: 't1' })];
    finishRenewal();
    await expect(Promise.all(asks)).resolves.toEqual(['t2', 't2', 't2']);
    expect(provider.mock.calls.filter(([request]) => request?.rejectedToken !== undefined)).toHaveLength(1);
  });

  it('answers a late ask for a replaced token with its replacement, without asking the host', async () => {
    const { provider, finishRenewal } = renewingHost();
    const shared = withSharedRenewal(provider);
    const first = shared({ rejectedToken: 't1' });
    finishRenewal();
    await expect(first).resolves.toBe('t2');
    await expect(shared({ rejectedToken: 't1' })).resolves.toBe('t2');
    expect(provider).toHaveBeenCalledTimes(1);
  });

  it('renews again when the replacement is refused in turn', async () => {
    const { provider, finishRenewal } = renewingHost();
    const shared = withSharedRenewal(provider);
    const first = shared({ rejectedToken: 't1' });
    finishRenewal();
    await first;
    const second = shared({ rejectedToken: 't2' });
    finishRenewal();
    await expect(second).resolves.toBe('t3');
    expect(provider).toHaveBeenCalledTimes(2);
  });

  it('lets a failed renewal fail every ask that shared it, and tries again on the next ask', async () => {
    const provider = vi.fn((request?: TokenRequest) => (request?.rejectedToken === undefined ? Promise.resolve('t1') : Promise.reject(new Error('host said no'))));
    const shared = withSharedRenewal(provider);
    const asks = [shared({ rejectedToken: 't1' }), shared({ rejectedToken: 't1' })];
    await expect(Promise.all(asks)).rejects.toThrow('host said no');
    await expect(shared({ rejectedToken: 't1' })).rejects.toThrow('host said no');
    expect(provider).toHaveBeenCalledTimes(2);
  });
});
