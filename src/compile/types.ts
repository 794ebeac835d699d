// Types the compile stage produces: a shared object on disk, content-addressed.
import type { CppUnit } from '../codegen/types.ts';

export interface Artifact {
  readonly unit: CppUnit;
  /** Absolute path of the shared object in the artifact cache. */
  readonly path: string;
  /** Hex sha256 of the shared object's bytes. */
  readonly sha256: string;
  readonly compileMs: number;
}
