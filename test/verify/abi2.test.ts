// Verification of ABI-2 kernels end to end: strings, arrays, output, globals, constants, by-reference
// arguments, against real php -n; planted bugs, ABI misuse and leaks must be declined by name.
import { beforeAll, describe, expect, it } from 'vitest';
import { isDeclined, type Declined } from '../../src/core/declined.ts';
import type { PhpValue } from '../../src/core/php-value.ts';
import type { WorldSlot } from '../../src/frontend/types.ts';
import { loadKernelModule } from '../../src/verify/addon.ts';
import { verifyArtifact } from '../../src/verify/index.ts';
import type { Verified } from '../../src/verify/types.ts';
import { artifactFor, buildAddon, compileKernel, int, planFor, type PhpFunction } from './kernel-fixtures.ts';

const str = (value: string): PhpValue => ({ kind: 'string', value });
const arr = (...entries: [bigint | string, PhpValue][]): PhpValue => ({ kind: 'array', entries: entries.map(([key, value]) => ({ key, value })) });

const REV: PhpFunction = { name: 'rev', lineStart: 2, text: 'function rev($s) {\n    return strrev($s) . "!";\n}', paramTypes: ['string'] };
const TAG: PhpFunction = {
  name: 'tag',
  lineStart: 2,
  text: "function tag($a) {\n    $r = ['n' => count($a)];\n    foreach ($a as $k => $v) { $r[$k] = $v * 2; }\n    return $r;\n}",
  paramTypes: ['array'],
};
const GREET: PhpFunction = { name: 'greet', lineStart: 2, text: 'function greet($s) {\n    echo "hi ", $s, "\\n";\n    return strlen($s);\n}', paramTypes: ['string'] };
const BUMP: PhpFunction = { name: 'bump', lineStart: 2, text: 'function bump($by) {\n    global $counter;\n    $counter = $counter + $by;\n    return $counter;\n}', paramTypes: ['int'] };
const SCALED: PhpFunction = { name: 'scaled', lineStart: 2, text: 'function scaled($x) {\n    return $x * \\Cfg\\Units::K + LIMIT;\n}', paramTypes: ['int'] };
const PUSH2: PhpFunction = {
  name: 'push2',
  lineStart: 2,
  text: 'function push2(&$a, $x) {\n    $a[] = $x;\n    $a[] = $x;\n    return count($a);\n}',
  paramTypes: ['array', 'int'],
  byRef: [true, false],
};

const TICK: PhpFunction = { name: 'tick', lineStart: 2, text: 'function tick($by) {\n    static $n = 5;\n    $n += $by;\n    return $n;\n}', paramTypes: ['int'] };
const STATIC_N: WorldSlot[] = [{ kind: 'static', name: 'n', fn: 'tick', init: { k: 'const', type: 'int', value: 5n }, type: 'int', written: true }];

const COUNTER: WorldSlot[] = [{ kind: 'global', name: 'counter', type: 'int', written: true }];
const CONSTANTS: WorldSlot[] = [
  { kind: 'constant', name: 'Cfg\\Units::K', type: 'int', written: false },
  { kind: 'constant', name: 'LIMIT', type: 'int', written: false },
];

const K: Record<string, { fn: PhpFunction; define: string; world?: WorldSlot[]; effects?: boolean }> = {
  rev: { fn: REV, define: 'REV' },
  tag: { fn: TAG, define: 'TAG' },
  greet: { fn: GREET, define: 'GREET', effects: true },
  bump: { fn: BUMP, define: 'BUMP', world: COUNTER, effects: true },
  scaled: { fn: SCALED, define: 'SCALED', world: CONSTANTS },
  push2: { fn: PUSH2, define: 'PUSH2', effects: true },
  tick: { fn: TICK, define: 'TICK', world: STATIC_N, effects: true },
};

const so: Record<string, string> = {};

beforeAll(() => {
  buildAddon();
  for (const [name, k] of Object.entries(K)) {
    so[name] = compileKernel('abi2', k.fn, [`-DPV_K_${k.define}`]);
    so[`${name}Wrong`] = compileKernel('abi2', k.fn, [`-DPV_K_${k.define}`, '-DPV_WRONG']);
  }
  so.revLeak = compileKernel('abi2', REV, ['-DPV_K_REV', '-DPV_LEAK']);
  so.revLent = compileKernel('abi2', REV, ['-DPV_K_REV', '-DPV_RETURN_LENT']);
  so.bumpDeopt = compileKernel('abi2', BUMP, ['-DPV_K_BUMP', '-DPV_DEOPT_AFTER_COMMIT']);
}, 120_000);

async function verify(kernel: string, fixture: string, samples: PhpValue[][]): Promise<Verified | Declined> {
  const k = K[kernel]!;
  const plan = planFor(k.fn, samples);
  // Planted bugs are checked on the recorded samples alone, so the reason names a known tuple.
  const extraSamples = !/Wrong$/.test(fixture);
  return verifyArtifact(artifactFor(so[fixture]!, plan, k.world ?? [], k.effects ?? false), plan, { extraSamples });
}

function verified(r: Verified | Declined): Verified {
  if (isDeclined(r)) throw new Error(`expected Verified, got Declined: ${r.reason}`);
  expect(r.native).toBeGreaterThan(0);
  return r;
}

function declined(r: Verified | Declined): string {
  if (!isDeclined(r)) throw new Error(`expected Declined, got Verified (${r.compared} compared)`);
  return r.reason;
}

describe('verifyArtifact on ABI-2 kernels', { timeout: 60_000 }, () => {
  it('string in, string out: binary-safe', async () => {
    verified(await verify('rev', 'rev', [[str('hello')], [str('a\0b\xff')], [str('')]]));
    expect(declined(await verify('rev', 'revWrong', [[str('hello')]]))).toMatch(/mismatch in rev on rev\(string\(5\) "hello"\): kernel gave string\(6\) "hlleh!" but PHP gave string\(6\) "olleh!"/);
  });

  it('array in, array out, with int and string keys in PHP order', async () => {
    const samples = [[arr([3n, int(1n)], ['b', int(2n)], [-1n, int(5n)])], [arr(['n', int(7n)], [0n, int(1n)])]];
    const r = verified(await verify('tag', 'tag', samples));
    expect(r.compared).toBeGreaterThanOrEqual(samples.length);
    expect(declined(await verify('tag', 'tagWrong', samples.slice(0, 1)))).toMatch(/mismatch in tag on tag\(array\(3\).*kernel gave array\(4\) \{\[3\] => int\(2\).*\["n"\] => int\(3\)\} but PHP gave array\(4\) \{\["n"\] => int\(3\)/);
  });

  it('output: the journal must be exactly what PHP printed', async () => {
    verified(await verify('greet', 'greet', [[str('bob')], [str('x\0y')]]));
    expect(declined(await verify('greet', 'greetWrong', [[str('bob')]]))).toMatch(/kernel gave int\(3\) with output "hi bob" but PHP gave int\(3\) with output "hi bob\\n"/);
  });

  it('a global read and written, seeded per call', async () => {
    verified(await verify('bump', 'bump', [[int(1n)], [int(-7n)]]));
    expect(declined(await verify('bump', 'bumpWrong', [[int(1n)]]))).toMatch(/global \$counter is int\(\d+\) after the kernel but int\(\d+\) after PHP/);
  });

  it('a class constant and a global constant', async () => {
    verified(await verify('scaled', 'scaled', [[int(3n)], [int(-2n)]]));
    expect(declined(await verify('scaled', 'scaledWrong', [[int(3n)]]))).toMatch(/mismatch in scaled on scaled\(int\(3\)\): kernel gave int\(126\) but PHP gave int\(140094\)/);
  });

  it('a by-reference array parameter', async () => {
    const samples = [[arr([5n, int(1n)], ['k', int(2n)]), int(9n)], [arr([-3n, int(1n)]), int(0n)], [arr(), int(4n)], [arr(['a', int(1n)]), int(1n)]];
    verified(await verify('push2', 'push2', samples));
    expect(declined(await verify('push2', 'push2Wrong', samples.slice(0, 1)))).toMatch(/mismatch in push2 on push2\(array\(2\).*by-reference argument 1 is array\(4\) \{.*\[7\] => int\(10\)\} after the kernel but array\(4\) \{.*\[7\] => int\(9\)\} after PHP/);
  });

  it('a static, verified from its initial value with one php process per call', async () => {
    const r = verified(await verify('tick', 'tick', [[int(1n)], [int(10n)], [int(-3n)]]));
    expect(r.native).toBeGreaterThanOrEqual(3);
    expect(declined(await verify('tick', 'tickWrong', [[int(1n)]]))).toMatch(/mismatch in tick on tick\(int\(1\)\): static tick::n is int\(7\) after the kernel but int\(6\) after PHP/);
  });

  it('declines a kernel that leaks a string it made', async () => {
    expect(declined(await verify('rev', 'revLeak', [[str('hello')]]))).toMatch(/violated the kernel ABI: leaked 1 host value\(s\) \(1 string\(s\), 0 array\(s\)\)/);
  });

  it('declines a kernel that hands back a lent argument or writes and then DEOPTs', async () => {
    expect(declined(await verify('rev', 'revLent', [[str('hello')]]))).toMatch(/returned a value the host only lent/);
    expect(declined(await verify('bump', 'bumpDeopt', [[int(1n)]]))).toMatch(/returned PV_DEOPT after committing a write/);
  });
});

describe('KernelModule.call with ABI-2 values', () => {
  it('returns the committed writes and frees everything (no leak on repeated calls)', () => {
    const m = loadKernelModule(so.push2!);
    for (let i = 0; i < 50; i++) {
      const r = m.call(0, [arr(['s', int(1n)], [7n, int(2n)]), int(3n)]);
      expect(r.status).toBe('ok');
      expect(r.value).toEqual(int(4n));
      expect(r.byRef).toEqual([{ index: 0, value: arr(['s', int(1n)], [7n, int(2n)], [8n, int(3n)], [9n, int(3n)]) }]);
    }
    m.close();
  });

  it('gives the kernel the world it is handed, and PV_UNDEF for an unset global', () => {
    const m = loadKernelModule(so.bump!);
    const r = m.call(0, [int(2n)], { globals: [{ name: 'counter', value: int(40n) }] });
    expect(r).toMatchObject({ status: 'ok', value: int(42n), globals: [{ name: 'counter', value: int(42n) }] });
    expect(m.call(0, [int(2n)], {}).status).toBe('deopt');
    m.close();
  });

  it('refuses an argument with a string key PHP would store as an int', () => {
    const m = loadKernelModule(so.tag!);
    expect(() => m.call(0, [arr(['8', int(1n)])])).toThrow(/would be an int key in PHP/);
    m.close();
  });

  it('keeps non-canonical string keys ("08") as strings and negative int keys in order', () => {
    const m = loadKernelModule(so.tag!);
    // tag() copies keys through array_set_str for string keys; "08" stays a string, 'n' is set first.
    const r = m.call(0, [arr(['08', int(1n)], [-4n, int(2n)])]);
    expect(r.value).toEqual(arr(['n', int(2n)], ['08', int(2n)], [-4n, int(4n)]));
    m.close();
  });
});
