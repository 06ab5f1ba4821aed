/**
 * Metadata and uploaded bytes survive a restart on the same data directory; seeding does not duplicate samples;
 * links signed before a restart still work after it.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileInfo } from '../../contract';
import { FIXTURE_FILES } from '../fixtures/manifest';
import { startEmulator } from '../testing/startEmulator';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'cdf-emulator-persist-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('persistence', () => {
  it('keeps uploaded files, their bytes and signed links across a restart', async () => {
    const first = await startEmulator({ dataDir });
    const created = (await (await first.request('POST', '/files', { body: { name: 'kept.txt', externalId: 'test:kept', mimeType: 'text/plain' } })).json()) as FileInfo & {
      uploadUrl: string;
    };
    expect((await fetch(created.uploadUrl, { method: 'PUT', body: 'hello across restarts' })).status).toBe(200);
    const linkBody = (await (
      await first.request('POST', '/files/downloadlink?extendedExpiration=true', { body: { items: [{ id: created.id }] } })
    ).json()) as { items: Array<{ downloadUrl: string }> };
    const oldPath = new URL(linkBody.items[0]?.downloadUrl ?? '').pathname;
    const countBefore = first.context.files.size;
    await first.close();

    const second = await startEmulator({ dataDir });
    try {
      expect(second.context.files.size).toBe(countBefore);
      const info = (await (await second.request('GET', `/files/${created.id}`)).json()) as FileInfo;
      expect(info).toMatchObject({ externalId: 'test:kept', uploaded: true, name: 'kept.txt' });
      const download = await fetch(`${second.baseUrl}${oldPath}`);
      expect(download.status).toBe(200);
      expect(await download.text()).toBe('hello across restarts');
      // New uploads continue after the persisted ids, never reusing one.
      const next = (await (await second.request('POST', '/files', { body: { name: 'next.txt' } })).json()) as FileInfo;
      expect(next.id).toBeGreaterThan(created.id);
      const samples = second.context.files.list({ filter: { externalIdPrefix: 'sample:' }, limit: 1000 });
      expect(samples.items).toHaveLength(FIXTURE_FILES.length);
    } finally {
      await second.close();
    }
    // Metadata is one JSON document, written atomically: no temporary files left behind.
    const names = await readdir(path.join(dataDir, 'files'));
    expect(names.filter((name) => name.includes('.tmp-'))).toEqual([]);
    JSON.parse(await readFile(path.join(dataDir, 'files', 'metadata.json'), 'utf8'));
  });

  it('re-seeds a sample that is missing, and leaves an overwritten sample alone', async () => {
    const first = await startEmulator({ dataDir });
    const overwritten = await first.request('POST', '/files?overwrite=true', {
      body: { name: 'my-coffee.png', externalId: 'sample:coffee', mimeType: 'image/png' },
    });
    expect(overwritten.status).toBe(201);
    await first.close();
    // Simulate a data directory from before a sample existed.
    const metadataPath = path.join(dataDir, 'files', 'metadata.json');
    const document = JSON.parse(await readFile(metadataPath, 'utf8')) as { files: Array<{ info: FileInfo }> };
    document.files = document.files.filter((stored) => stored.info.externalId !== 'sample:stuff');
    await writeFile(metadataPath, JSON.stringify(document));

    const second = await startEmulator({ dataDir });
    try {
      expect(second.context.files.resolve({ externalId: 'sample:coffee' })?.name).toBe('my-coffee.png');
      const stuff = second.context.files.resolve({ externalId: 'sample:stuff' });
      expect(stuff).toMatchObject({ uploaded: true, id: FIXTURE_FILES.find((f) => f.externalId === 'sample:stuff')?.id });
    } finally {
      await second.close();
    }
  });

  it('refuses to start on corrupt metadata with a message naming the file', async () => {
    await (await startEmulator({ dataDir })).close();
    await writeFile(path.join(dataDir, 'files', 'metadata.json'), '{"formatVersion": 1, "files": [');
    await expect(startEmulator({ dataDir })).rejects.toThrow(/metadata\.json is not valid JSON/);
  });
});
