// Compile stage entry: C++ unit → shared object via g++ in a limited child process, content-addressed cache (compileUnit).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decline, type Declined } from '../core/declined.ts';
import type { CppUnit } from '../codegen/types.ts';
import type { Artifact } from './types.ts';

export interface CompileOptions {
  readonly cacheDir: string;
  readonly timeoutMs?: number;
  readonly gxx?: string;
}

const TEMPLATES = resolve(dirname(fileURLToPath(import.meta.url)), '../../cpp-templates');
// Exactness flags: no FMA contraction (changes results), pow/log10 called from glibc as PHP does
// (g++ folds them with exact rounding), and -frounding-math, without which g++ 12 folds
// `0.0 - (double)int_expr` into a negation and turns PHP's 0.0 into -0.0.
// Strict aliasing stays on: neither the runtime nor generated code puns types (union reads of
// pv_value/Val payloads are GCC-defined), and without it every int64_t/double store into an
// array's vector forced g++ to reload the vector's bounds and data pointer in hot loops.
// -falign-functions=64: small recursive kernels (fib/ack/tak) ran 20% slower or faster depending on
// where unrelated runtime code happened to place them; cache-line alignment makes that stable.
export const CXX_FLAGS: readonly string[] = ['-std=c++17', '-O2', '-fPIC', '-shared', '-ffp-contract=off', '-fvisibility=hidden', '-fno-builtin-pow', '-fno-builtin-log10', '-frounding-math', '-falign-functions=64'];
/** Limits for the compiler child: CPU seconds, address space, output file size. */
const LIMITS = { cpuSeconds: 120, addressSpaceBytes: 4 * 1024 ** 3, fileSizeBytes: 256 * 1024 ** 2 };
const MAX_ERROR_LINES = 12;

interface RunResult {
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/**
 * Runs a command without a shell in its own process group, so the timeout kills g++ and the
 * cc1plus/as/ld children it forked, not only the direct child.
 */
function run(file: string, args: readonly string[], cwd: string, timeoutMs: number): Promise<RunResult> {
  return new Promise((res) => {
    const child = spawn(file, [...args], {
      cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', LC_ALL: 'C' },
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const cap = 1024 * 1024;
    child.stdout.on('data', (d: Buffer) => (stdout = (stdout + d.toString()).slice(0, cap)));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(0, cap)));
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      res({ code: null, signal: null, stdout, stderr: `${stderr}\n${err.message}`, timedOut: false });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // Leftover grandchildren of a finished compile (there should be none) go with the group.
      if (timedOut) killGroup();
      res({ code, signal, stdout, stderr, timedOut });
    });
  });
}

const versionCache = new Map<string, string>();

async function gxxVersion(gxx: string): Promise<string | undefined> {
  const hit = versionCache.get(gxx);
  if (hit) return hit;
  const r = await run(gxx, ['--version'], tmpdir(), 10_000);
  if (r.code !== 0) return undefined;
  const v = r.stdout.split('\n')[0]!.trim();
  versionCache.set(gxx, v);
  return v;
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** prlimit(1) wraps the compiler with resource limits when it exists on this machine. */
function limitedCommand(gxx: string, args: readonly string[]): { file: string; args: string[] } {
  const prlimit = ['/usr/bin/prlimit', '/bin/prlimit'].find((p) => existsSync(p));
  if (!prlimit) return { file: gxx, args: [...args] };
  return {
    file: prlimit,
    args: [`--cpu=${LIMITS.cpuSeconds}`, `--as=${LIMITS.addressSpaceBytes}`, `--fsize=${LIMITS.fileSizeBytes}`, '--', gxx, ...args],
  };
}

export async function compileUnit(unit: CppUnit, opts: CompileOptions): Promise<Artifact | Declined> {
  const gxx = opts.gxx ?? 'g++';
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const started = performance.now();
  const version = await gxxVersion(gxx);
  if (!version) return decline('compile', unit.rootKey, `compiler '${gxx}' is not usable`);
  const key = sha256(JSON.stringify({ cpp: unit.cpp, flags: CXX_FLAGS, version, templates: await templatesDigest() }));
  const cacheDir = resolve(opts.cacheDir);
  await mkdir(cacheDir, { recursive: true });
  const soPath = join(cacheDir, `${key}.so`);
  const sidecar = `${soPath}.sha256`;

  const cached = await readCached(soPath, sidecar);
  if (cached) return { unit, path: soPath, sha256: cached, compileMs: performance.now() - started };

  const work = await mkdtemp(join(tmpdir(), 'polyvirt-cc-'));
  try {
    await writeFile(join(work, 'unit.cpp'), unit.cpp);
    const cmd = limitedCommand(gxx, [...CXX_FLAGS, '-I', TEMPLATES, '-o', 'unit.so', 'unit.cpp']);
    const r = await run(cmd.file, cmd.args, work, timeoutMs);
    if (r.timedOut) return decline('compile', unit.rootKey, `g++ timed out after ${timeoutMs} ms`);
    if (r.code !== 0) return decline('compile', unit.rootKey, `g++ failed: ${firstErrors(r.stderr)}`);
    const bytes = await readFile(join(work, 'unit.so'));
    const digest = sha256(bytes);
    // Write then rename so a concurrent reader never sees a partial object.
    const tmpSo = join(cacheDir, `.${key}.${process.pid}.tmp`);
    await writeFile(tmpSo, bytes);
    await writeFile(`${sidecar}.${process.pid}.tmp`, digest);
    // The source stays beside its object: what an operator (and the hostile-source test) reads.
    await writeFile(`${cppPathOf(soPath)}.${process.pid}.tmp`, unit.cpp);
    await rename(tmpSo, soPath);
    await rename(`${sidecar}.${process.pid}.tmp`, sidecar);
    await rename(`${cppPathOf(soPath)}.${process.pid}.tmp`, cppPathOf(soPath));
    return { unit, path: soPath, sha256: digest, compileMs: performance.now() - started };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Where the generated C++ of an artifact is kept (`<key>.cpp` beside `<key>.so`). */
export function cppPathOf(soPath: string): string {
  return soPath.replace(/\.so$/, '.cpp');
}

async function readCached(soPath: string, sidecar: string): Promise<string | undefined> {
  try {
    const [bytes, expected] = await Promise.all([readFile(soPath), readFile(sidecar, 'utf8')]);
    const digest = sha256(bytes);
    return digest === expected.trim() ? digest : undefined;
  } catch {
    return undefined;
  }
}

let templatesHash: string | undefined;
/** The headers are part of what gets compiled, so they are part of the cache key. */
async function templatesDigest(): Promise<string> {
  if (templatesHash) return templatesHash;
  // Every header: runtime.h includes the value headers, and a change to any must recompile.
  const files = (await readdir(join(TEMPLATES, 'polyvirt'))).filter((f) => f.endsWith('.h')).sort();
  const texts = await Promise.all(files.map(async (f) => `${f}\0${await readFile(join(TEMPLATES, 'polyvirt', f), 'utf8')}`));
  templatesHash = sha256(texts.join('\0'));
  return templatesHash;
}

function firstErrors(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => /error|fatal/i.test(l));
  const pick = (lines.length ? lines : stderr.split('\n').filter(Boolean)).slice(0, MAX_ERROR_LINES);
  return pick.join('\n') || 'no diagnostic';
}
