// run-php: run a PHP program (or any command) as a child process and time it, for the demo and the benchmarks.
import { spawn } from 'node:child_process';

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Wall time of the whole process, in milliseconds. */
  readonly ms: number;
}

export interface RunOptions {
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Called with the child's pid once it is running. */
  readonly onSpawn?: (pid: number) => void;
  /** How stdout/stderr bytes become a string (default utf8; 'latin1' keeps every byte exactly). */
  readonly encoding?: BufferEncoding;
}

export function runCommand(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid !== undefined) options.onSpawn?.(child.pid);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = options.timeoutMs
      ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs)
      : undefined;
    child.on('error', (e) => {
      if (timer) clearTimeout(timer);
      reject(new Error(`could not start ${command}: ${e.message}`));
    });
    child.on('close', (exitCode, signal) => {
      if (timer) clearTimeout(timer);
      resolve({
        stdout: Buffer.concat(out).toString(options.encoding ?? 'utf8'),
        stderr: Buffer.concat(err).toString(options.encoding ?? 'utf8'),
        exitCode,
        signal,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
      });
    });
  });
}

/** PHP settings every comparison run uses, so plain and specialized runs differ only in polyvirt. */
export const PHP_BASE_ARGS: readonly string[] = ['-n', '-d', 'memory_limit=-1'];

/** Arguments that load the OPcache JIT in the given mode (tracing or function). */
export function jitArgs(mode: 'tracing' | 'function'): string[] {
  return [
    '-d', 'zend_extension=opcache',
    '-d', 'opcache.enable_cli=1',
    '-d', 'opcache.file_update_protection=0',
    '-d', `opcache.jit=${mode}`,
    '-d', 'opcache.jit_buffer_size=64M',
  ];
}

/** Arguments that load polyvirt and point it at a service socket ("" disables the service). */
export function polyvirtArgs(extensionPath: string, settings: Record<string, string | number> = {}): string[] {
  const args = ['-d', `extension=${extensionPath}`];
  for (const [name, value] of Object.entries(settings)) args.push('-d', `polyvirt.${name}=${value}`);
  return args;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
