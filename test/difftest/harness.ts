// Shared by the difftest suites: a check context in a fresh temp directory, or undefined when the extension is not built.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extensionPath } from '../../src/cli/ext-path.ts';
import type { CheckContext } from '../../src/difftest/index.ts';

export function checkContext(jobs = 2): CheckContext {
  const extension = extensionPath();
  if (!extension) throw new Error('php-ext/modules/polyvirt.so is not built: run npm run setup');
  const workDir = mkdtempSync(join(tmpdir(), 'polyvirt-difftest-'));
  return { workDir, cacheDir: join(workDir, 'artifacts'), php: 'php', extension, timeoutMs: 30_000, jobs };
}
