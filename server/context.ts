/**
 * What every route module of the emulator gets: settings, the files and annotations stores, the fault controller, the clock and a
 * place to register shutdown work. server/jobs receives the same object.
 */
import type { AnnotationStore } from './annotations/store';
import type { EmulatorConfig } from './config';
import type { FaultController } from './faults/controller';
import type { FileStore } from './files/store';
import type { LinkSigner } from './files/links';

export type CloseHook = () => void | Promise<void>;

export interface EmulatorContext {
  readonly config: EmulatorConfig;
  /** Milliseconds since the epoch; tests may pass a fake clock. */
  readonly now: () => number;
  readonly files: FileStore;
  readonly annotations: AnnotationStore;
  readonly links: LinkSigner;
  readonly faults: FaultController;
  /** Registers work to run when the emulator closes (worker pools, timers), in reverse order of registration. */
  onClose(hook: CloseHook): void;
}
