/**
 * Seeds the sample files (fixtures/manifest.ts) into the store: each one missing by externalId is added with its
 * stable id and its bytes, `uploaded: true`. Runs on every start, so a data directory from an older checkout gains
 * samples added later, while samples a user overwrote are left alone.
 */
import { createReadStream } from 'node:fs';
import { FIXTURE_FILES, SAMPLES_DIRECTORY, SAMPLES_SOURCE, fixtureAbsolutePath } from '../fixtures/manifest';
import type { FileStore } from './store';

/** Fixture files are small; the limit only guards against a wrong path pointing at something huge. */
const FIXTURE_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;

export async function seedFixtures(files: FileStore): Promise<number> {
  let seeded = 0;
  for (const fixture of FIXTURE_FILES) {
    if (files.resolve({ externalId: fixture.externalId })) continue;
    // The id may be taken only if someone crafted metadata.json by hand; then the sample gets a fresh id.
    const fixedId = files.getInfo(fixture.id) ? undefined : fixture.id;
    const info = await files.create(
      {
        externalId: fixture.externalId,
        name: fixture.name,
        mimeType: fixture.mimeType,
        directory: SAMPLES_DIRECTORY,
        source: SAMPLES_SOURCE,
        metadata: fixture.metadata,
      },
      false,
      fixedId,
    );
    if (fixture.instanceId) await files.setInstanceId(info.id, fixture.instanceId);
    await files.writeBytes(info.id, createReadStream(fixtureAbsolutePath(fixture)), FIXTURE_SIZE_LIMIT_BYTES);
    seeded += 1;
  }
  return seeded;
}
