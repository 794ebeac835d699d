// Test helpers: build the addon, compile hand-written kernels, and hand-build Plans and Artifacts.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParamType, PhpValue } from '../../src/core/php-value.ts';
import type { WorldSlot } from '../../src/frontend/types.ts';
import type { Artifact } from '../../src/compile/types.ts';
import type { Plan } from '../../src/plan/types.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = join(ROOT, 'test/fixtures/verify');

export function buildAddon(): void {
  execFileSync('bash', [join(ROOT, 'scripts/build-addon.sh')], { stdio: 'pipe' });
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export interface PhpFunction {
  readonly name: string;
  readonly text: string;
  readonly lineStart: number;
  readonly paramTypes: readonly ParamType[];
  /** Per parameter: by reference; default none. */
  readonly byRef?: readonly boolean[];
}

let outDir: string | undefined;

/** Compiles test/fixtures/verify/<fixture>.cc the way compile/ builds kernels; returns the .so path. */
export function compileKernel(fixture: string, fn: PhpFunction, extraFlags: readonly string[] = []): string {
  outDir ??= mkdtempSync(join(tmpdir(), 'polyvirt-verify-'));
  const out = join(outDir, `${fixture}-${sha256(fn.text).slice(0, 12)}${extraFlags.join('').replace(/\W/g, '')}.so`);
  execFileSync('g++', [
    '-O2', '-shared', '-fPIC', '-ffp-contract=off',
    '-I', join(ROOT, 'cpp-templates'),
    `-DPV_TEST_SHA256="${sha256(fn.text)}"`,
    ...extraFlags,
    '-o', out,
    join(FIXTURES, `${fixture}.cc`),
  ], { stdio: 'pipe' });
  return out;
}

export function planFor(fn: PhpFunction, samples: readonly (readonly PhpValue[])[]): Plan {
  const regionKey = `/app/${fn.name}.php::::${fn.name}`;
  return {
    app: 'verify-test',
    signatureId: 'sig-test',
    rootKey: regionKey,
    functions: [
      {
        regionKey,
        functionName: fn.name,
        lcName: fn.name.toLowerCase(),
        source: {
          file: `/app/${fn.name}.php`,
          lineStart: fn.lineStart,
          lineEnd: fn.lineStart + fn.text.split('\n').length - 1,
          text: fn.text,
          sha256: sha256(fn.text),
        },
        paramTypes: fn.paramTypes,
        byRef: fn.byRef ?? fn.paramTypes.map(() => false),
        exported: true,
      },
    ],
    samples,
  };
}

export function artifactFor(path: string, plan: Plan, world: readonly WorldSlot[] = [], effects = false): Artifact {
  const root = plan.functions[0]!;
  return {
    unit: {
      rootKey: plan.rootKey,
      cpp: '',
      kernels: [{ regionKey: root.regionKey, lcName: root.lcName, sourceSha256: root.source.sha256, paramTypes: root.paramTypes, byRef: root.byRef, effects }],
      world,
    },
    path,
    sha256: createHash('sha256').update(readFileSync(path)).digest('hex'),
    compileMs: 0,
  };
}

export const int = (value: bigint): PhpValue => ({ kind: 'int', value });
export const float = (value: number): PhpValue => ({ kind: 'float', value });
export const PHP_INT_MAX = (1n << 63n) - 1n;
export const PHP_INT_MIN = -(1n << 63n);

export const FIB: PhpFunction = {
  name: 'fib',
  lineStart: 2,
  text: 'function fib($n) {\n    if ($n < 2) return $n;\n    return fib($n - 1) + fib($n - 2);\n}',
  paramTypes: ['int'],
};
export const ADD: PhpFunction = { name: 'add', lineStart: 2, text: 'function add($a, $b) {\n    return $a + $b;\n}', paramTypes: ['int', 'int'] };
// intdiv() sits on line 3, where the div kernel says it throws.
export const DIV: PhpFunction = { name: 'div', lineStart: 2, text: 'function div($a, $b) {\n    return intdiv($a, $b);\n}', paramTypes: ['int', 'int'] };
export const FADD: PhpFunction = { name: 'fadd', lineStart: 2, text: 'function fadd($a, $b) {\n    return $a + $b;\n}', paramTypes: ['float', 'float'] };
export const ID: PhpFunction = { name: 'id', lineStart: 2, text: 'function id($x) {\n    return $x;\n}', paramTypes: ['int'] };
export const TWICE: PhpFunction = { name: 'twice', lineStart: 2, text: 'function twice($n) {\n    echo $n;\n    return $n * 2;\n}', paramTypes: ['int'] };
