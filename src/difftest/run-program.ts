// Runs one PHP file under php -n and under polyvirt (kernels preloaded, no service) and captures what is compared.
import { runCommand } from '../cli/run-php.ts';
import { PHP_BASE_ARGS, polyvirtArgs } from '../cli/run-php.ts';

/** stdout and stderr are byte strings: one char per byte (latin1), as PHP strings are bytes. */
export interface PhpRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
}

export interface RunSettings {
  readonly php: string;
  /** polyvirt.so; required for polyvirt runs. */
  readonly extension?: string;
  /** Private directory for the extension's local cache (never shared with a real service). */
  readonly cacheDir?: string;
  readonly timeoutMs: number;
}

async function run(args: readonly string[], settings: RunSettings): Promise<PhpRun> {
  const started = Date.now();
  // latin1: one char per byte, so outputs compare byte for byte (utf8 decoding would map every
  // invalid sequence, e.g. chr(200) and chr(201), to the same replacement character).
  const r = await runCommand(settings.php, args, { timeoutMs: settings.timeoutMs, encoding: 'latin1' });
  return {
    stdout: r.stdout,
    stderr: r.stderr,
    exitCode: r.exitCode,
    signal: r.signal,
    timedOut: r.signal === 'SIGKILL' && Date.now() - started >= settings.timeoutMs,
  };
}

export function runPlain(file: string, settings: RunSettings): Promise<PhpRun> {
  return run([...PHP_BASE_ARGS, file], settings);
}

export function runPolyvirt(file: string, artifacts: readonly string[], settings: RunSettings): Promise<PhpRun> {
  if (!settings.extension) throw new Error('difftest: polyvirt runs need the extension (php-ext/modules/polyvirt.so)');
  const ini: Record<string, string> = { service: '', preload: artifacts.join(','), local_cache: '0' };
  if (settings.cacheDir) ini['cache_dir'] = settings.cacheDir;
  return run([...PHP_BASE_ARGS, ...polyvirtArgs(settings.extension, ini), file], settings);
}

export interface KernelCounters {
  readonly native_calls: number;
  readonly guard_failures: number;
  readonly deopts: number;
  readonly [k: string]: unknown;
}

export interface PolyvirtReport {
  /** Driver call id → native kernel calls it took (from the `#id native N` lines). */
  readonly nativeByCall: ReadonlyMap<number, number>;
  readonly deoptsByCall: ReadonlyMap<number, number>;
  readonly kernels: ReadonlyMap<string, KernelCounters>;
  /** polyvirt_status()['errors']: e.g. a kernel refused for a stale source hash. */
  readonly errors: readonly string[];
}

/** Reads what pvd_show/pvd_done wrote on stderr under polyvirt. */
export function parsePolyvirtReport(stderr: string): PolyvirtReport {
  const nativeByCall = new Map<number, number>();
  const deoptsByCall = new Map<number, number>();
  const kernels = new Map<string, KernelCounters>();
  const errors: string[] = [];
  for (const line of stderr.split('\n')) {
    let m = /^#(\d+) native (-?\d+) deopt (-?\d+)$/.exec(line);
    if (m) {
      nativeByCall.set(Number(m[1]), Number(m[2]));
      deoptsByCall.set(Number(m[1]), Number(m[3]));
      continue;
    }
    m = /^kernel (\S+) (\{.*\})$/.exec(line);
    if (m) {
      try {
        kernels.set(m[1]!, JSON.parse(m[2]!) as KernelCounters);
      } catch {
        errors.push(`unreadable kernel status: ${line}`);
      }
      continue;
    }
    if (line.startsWith('error ')) errors.push(line.slice(6));
  }
  return { nativeByCall, deoptsByCall, kernels, errors };
}
