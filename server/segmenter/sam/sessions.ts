/** The two onnxruntime sessions and the tensors they take (see the module comment of prompt.ts for the decoder's). */
import type { InferenceSession, Tensor as TensorType } from 'onnxruntime-node';
import type { SamModelFiles } from './model';
import { SAM_INPUT_SIDE_PX, toEncoderInput, type SamGeometry } from './preprocess';
import { LOW_RES_SIDE_PX, type DecoderCall, type DecoderOutput } from './prompt';

export interface SamSessions {
  /** The image embedding, [1,256,64,64]. */
  encode(rgb: Uint8Array, geometry: SamGeometry): Promise<Float32Array>;
  decode(embedding: Float32Array, call: DecoderCall): Promise<DecoderOutput>;
}

const EMBEDDING_DIMS = [1, 256, 64, 64];

function floats(tensor: TensorType | undefined, name: string): Float32Array {
  if (!tensor || !(tensor.data instanceof Float32Array)) throw new Error(`The SAM model gave no float32 output "${name}"`);
  return tensor.data;
}

export async function loadSamSessions(files: SamModelFiles, threads: number): Promise<SamSessions> {
  // Imported here, not at the top, so a missing or broken native binary becomes a load failure the worker can report.
  const ort = await import('onnxruntime-node');
  const options: InferenceSession.SessionOptions = {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    // Spinning threads wait for work by burning CPU: on two cores shared with the HTTP thread (and, here, with other
    // processes) that steals more than it saves.
    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
  };
  const encoder = await ort.InferenceSession.create(files.encoder.path, options);
  const decoder = await ort.InferenceSession.create(files.decoder.path, options);
  const emptyMask = new Float32Array(LOW_RES_SIDE_PX * LOW_RES_SIDE_PX);

  const sessions: SamSessions = {
    async encode(rgb, geometry) {
      const input = new ort.Tensor('float32', toEncoderInput(rgb, geometry), [1, 3, SAM_INPUT_SIDE_PX, SAM_INPUT_SIDE_PX]);
      const output = await encoder.run({ input });
      // A copy, so the cache holds a plain array rather than whatever backs the runtime's tensor.
      return Float32Array.from(floats(output.output, 'output'));
    },
    async decode(embedding, call) {
      const count = call.labels.length;
      const feeds = {
        image_embeddings: new ort.Tensor('float32', embedding, EMBEDDING_DIMS),
        point_coords: new ort.Tensor('float32', call.coords, [1, count, 2]),
        point_labels: new ort.Tensor('float32', call.labels, [1, count]),
        mask_input: new ort.Tensor('float32', call.maskInput ?? emptyMask, [1, 1, LOW_RES_SIDE_PX, LOW_RES_SIDE_PX]),
        has_mask_input: new ort.Tensor('float32', Float32Array.of(call.maskInput ? 1 : 0), [1]),
        orig_im_size: new ort.Tensor('float32', Float32Array.of(call.outputHeightPx, call.outputWidthPx), [2]),
      };
      const output = await decoder.run(feeds);
      const masks = floats(output.masks, 'masks');
      if (masks.length !== call.outputWidthPx * call.outputHeightPx) {
        throw new Error(`The SAM decoder gave ${masks.length} mask values, expected ${call.outputWidthPx}×${call.outputHeightPx}`);
      }
      return {
        masks: Float32Array.from(masks),
        lowRes: Float32Array.from(floats(output.low_res_masks, 'low_res_masks')),
        iou: floats(output.iou_predictions, 'iou_predictions')[0] ?? 0,
      };
    },
  };
  // The decoder's first runs are ~10× slower than later ones (measured: 550 ms, then 60 ms, on a loaded machine):
  // pay that here, in the worker's start-up, rather than in the first jobs. Two prompt lengths, with and without a
  // mask input, as the jobs use.
  const blank = new Float32Array(EMBEDDING_DIMS.reduce((product, dim) => product * dim, 1));
  for (const labels of [Float32Array.of(1, -1), Float32Array.of(1, 0, -1)]) {
    for (const maskInput of [undefined, emptyMask]) {
      const coords = new Float32Array(labels.length * 2).fill(512);
      await sessions.decode(blank, { coords, labels, maskInput, outputWidthPx: 64, outputHeightPx: 64 });
    }
  }
  return sessions;
}
