// Runs a replay script under `php -n` with PHP's own number formatting and a wall-clock limit.
import { spawn } from 'node:child_process';
import { parseHarnessOutput, type ParsedHarnessOutput } from './php-harness.ts';

export interface PhpRun extends ParsedHarnessOutput {
  /** True when the wall-clock limit killed php before it finished. */
  readonly timedOut: boolean;
  readonly exitCode: number | null;
  /** Tail of what php printed outside result lines (fatal errors, spawn failures), for reasons. */
  readonly diagnostics: string;
}

export const PHP_ARGS = ['-n', '-d', 'serialize_precision=-1', '-d', 'precision=14', '-d', 'memory_limit=-1'] as const;

/** Feeds `script` to php on stdin; resolves with whatever result lines arrived before exit or timeout. */
export function runPhpScript(script: string, opts: { php: string; timeoutMs: number }): Promise<PhpRun> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const errChunks: Buffer[] = [];
    let timedOut = false;
    let spawnError = '';
    const child = spawn(opts.php, [...PHP_ARGS], { stdio: ['pipe', 'pipe', 'pipe'] });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => errChunks.push(c));
    child.stdin.on('error', () => {
      // php died before reading all of the script: its exit status tells the story.
    });
    child.on('error', (e) => {
      spawnError = `cannot run ${opts.php}: ${e.message}`;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(chunks).toString('latin1');
      const parsed = parseHarnessOutput(stdout);
      const stray = stdout
        .split('\n')
        .filter((l) => !l.startsWith('@@polyvirt '))
        .join('\n')
        .trim();
      const diagnostics = [spawnError, Buffer.concat(errChunks).toString('utf8').trim(), stray]
        .filter((s) => s.length > 0)
        .join('\n')
        .slice(-2000);
      resolve({ ...parsed, timedOut, exitCode: code, diagnostics });
    });
    child.stdin.end(script);
  });
}
