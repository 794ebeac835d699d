// Runs a kernel on argument tuples in a child process, surviving kernels that crash or hang.
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { PhpValue } from '../core/php-value.ts';
import type { KernelDescriptor, KernelResult, KernelWorld } from './addon.ts';
import type { WorkerReply, WorkerRequest } from './worker-protocol.ts';

const WORKER = fileURLToPath(new URL('./kernel-worker.ts', import.meta.url));

/** Per tuple: the kernel's answer, an ABI violation, or "its guard rejects this tuple". */
export type NativeOutcome =
  | { readonly kind: 'result'; readonly result: KernelResult }
  | { readonly kind: 'violation'; readonly message: string }
  | { readonly kind: 'skipped' };

export interface NativeRun {
  readonly loadError?: string;
  readonly module?: { readonly abiVersion: number; readonly phpVersionId: number; readonly kernels: readonly KernelDescriptor[] };
  readonly kernelIndex: number;
  /** Indexed like the samples; missing entries never finished. */
  readonly outcomes: Map<number, NativeOutcome>;
  /** Set when the child died abnormally: the first tuple without an outcome is the culprit. */
  readonly crash?: { readonly signal: string | null; readonly exitCode: number | null; readonly sample?: number; readonly stderr: string };
  /** The time limit stopped the run; `stoppedAt` is the tuple it was working on. */
  readonly timedOut: boolean;
  readonly stoppedAt?: number;
}

export interface RunKernelsOptions {
  readonly timeoutMs: number;
  /** Tuples from this index on are optional extras: they get at most `extrasBudgetMs` together. */
  readonly extrasFrom?: number;
  readonly extrasBudgetMs?: number;
  /** Per sample: the world its kernel call sees. */
  readonly worlds?: readonly (KernelWorld | undefined)[];
}

let tsxLoaderUrl: string | undefined;
function tsxLoader(): string {
  tsxLoaderUrl ??= pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return tsxLoaderUrl;
}

export function runKernelsIsolated(path: string, functionName: string, samples: readonly (readonly PhpValue[])[], opts: RunKernelsOptions): Promise<NativeRun> {
  const extrasFrom = opts.extrasFrom ?? samples.length;
  return new Promise((resolve) => {
    const outcomes = new Map<number, NativeOutcome>();
    let loadError: string | undefined;
    let module: NativeRun['module'];
    let kernelIndex = -1;
    let done = false;
    let timedOut = false;
    const stderr: Buffer[] = [];
    const child = fork(WORKER, [], {
      execArgv: ['--import', tsxLoader()],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    child.stderr?.on('data', (c: Buffer) => stderr.push(c));
    const stop = (): void => {
      timedOut = true;
      child.kill('SIGKILL');
    };
    let timer = setTimeout(stop, opts.timeoutMs);
    const started = Date.now();
    const armExtras = (): void => {
      // Extras are a bonus: one that loops or recurses forever must not hold up the whole budget.
      const left = opts.timeoutMs - (Date.now() - started);
      clearTimeout(timer);
      timer = setTimeout(stop, Math.max(0, Math.min(left, opts.extrasBudgetMs ?? left)));
    };
    if (extrasFrom === 0) armExtras();

    child.on('message', (msg: WorkerReply) => {
      switch (msg.type) {
        case 'load-error':
          loadError = msg.message;
          break;
        case 'loaded':
          module = { abiVersion: msg.abiVersion, phpVersionId: msg.phpVersionId, kernels: msg.kernels };
          kernelIndex = msg.kernelIndex;
          break;
        case 'skipped':
          outcomes.set(msg.i, { kind: 'skipped' });
          break;
        case 'result': {
          // Structured clone turns the Buffer into a plain Uint8Array.
          const out = msg.result.output as Uint8Array;
          const result: KernelResult = { ...msg.result, output: Buffer.from(out.buffer, out.byteOffset, out.byteLength) };
          outcomes.set(msg.i, { kind: 'result', result });
          break;
        }
        case 'call-error':
          outcomes.set(msg.i, { kind: 'violation', message: msg.message });
          break;
        case 'done':
          done = true;
          break;
      }
      if ((msg.type === 'result' || msg.type === 'skipped' || msg.type === 'call-error') && msg.i === extrasFrom - 1) armExtras();
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      let firstMissing: number | undefined;
      for (let i = 0; i < samples.length; i++) {
        if (!outcomes.has(i)) {
          firstMissing = i;
          break;
        }
      }
      const ranKernels = module !== undefined && kernelIndex >= 0;
      const crashed = !timedOut && (!done || code !== 0);
      resolve({
        loadError,
        module,
        kernelIndex,
        outcomes,
        timedOut,
        stoppedAt: timedOut ? firstMissing : undefined,
        crash: crashed
          ? { signal, exitCode: code, sample: ranKernels ? firstMissing : undefined, stderr: Buffer.concat(stderr).toString('utf8').slice(-2000) }
          : undefined,
      });
    });
    const req: WorkerRequest = { path, functionName, samples, worlds: opts.worlds };
    child.send(req);
  });
}
