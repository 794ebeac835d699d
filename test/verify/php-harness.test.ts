// The php-cli replay: exact argument literals, exact result encodings, source lines, time limit.
import { describe, expect, it } from 'vitest';
import type { PhpValue } from '../../src/core/php-value.ts';
import { buildPhpHarness, type PhpOutcome } from '../../src/verify/php-harness.ts';
import { floatBitsHex, phpLiteral } from '../../src/verify/php-literal.ts';
import { runPhpScript } from '../../src/verify/run-php.ts';
import { float, int, PHP_INT_MAX, PHP_INT_MIN, planFor, type PhpFunction } from './kernel-fixtures.ts';

const ID_ANY: PhpFunction = { name: 'ident', lineStart: 1, text: 'function ident($x) { return $x; }', paramTypes: ['int'] };
const run = (script: string, timeoutMs = 20_000) => runPhpScript(script, { php: 'php', timeoutMs });

function valueOf(o: PhpOutcome | undefined): PhpValue | undefined {
  return o?.kind === 'value' ? o.value : undefined;
}

describe('phpLiteral', () => {
  it('spells ints and special floats so PHP reads them back exactly', () => {
    expect(phpLiteral(int(PHP_INT_MIN))).toBe('\\PHP_INT_MIN');
    expect(phpLiteral(int(-5n))).toBe('(-5)');
    expect(phpLiteral(float(Number.NaN))).toBe('\\NAN');
    expect(phpLiteral(float(-Infinity))).toBe('(-\\INF)');
    expect(phpLiteral(float(-0))).toContain(floatBitsHex(-0));
    expect(() => phpLiteral(int(PHP_INT_MAX + 1n))).toThrow(/not a 64-bit integer/);
  });
});

describe('buildPhpHarness + runPhpScript', () => {
  it('round-trips ints, floats, bools and null through real php exactly', async () => {
    const values: PhpValue[] = [
      int(PHP_INT_MIN), int(PHP_INT_MAX), int(0n), int(-1n),
      float(-0), float(0), float(Infinity), float(-Infinity), float(Number.NaN), float(0.1 + 0.2), float(5e-324), float(1.7976931348623157e308),
      { kind: 'bool', value: true }, { kind: 'bool', value: false }, { kind: 'null' },
    ];
    const plan = planFor(ID_ANY, []);
    const h = buildPhpHarness(plan.rootKey, plan.functions, 'ident', values.map((v, id) => ({ id, args: [v] })));
    const r = await run(h.script);
    expect(r.timedOut).toBe(false);
    expect(r.versionId).toBeGreaterThanOrEqual(80200);
    values.forEach((v, id) => {
      const back = valueOf(r.outcomes.get(id));
      expect(back?.kind).toBe(v.kind);
      if (v.kind === 'float' && back?.kind === 'float') {
        expect(Number.isNaN(v.value) ? 'nan' : floatBitsHex(back.value)).toBe(Number.isNaN(v.value) ? (Number.isNaN(back.value) ? 'nan' : 'x') : floatBitsHex(v.value));
      } else {
        expect(back).toEqual(v);
      }
    });
  });

  it('keeps functions at their source lines, so exception lines are PHP\'s own', async () => {
    const fn: PhpFunction = { name: 'd', lineStart: 7, text: 'function d($a, $b) {\n    return intdiv($a, $b);\n}', paramTypes: ['int', 'int'] };
    const plan = planFor(fn, []);
    const h = buildPhpHarness(plan.rootKey, plan.functions, 'd', [{ id: 0, args: [int(1n), int(0n)] }, { id: 1, args: [int(PHP_INT_MIN), int(-1n)] }]);
    expect(h.linesPreserved).toBe(true);
    const r = await run(h.script);
    expect(r.outcomes.get(0)).toMatchObject({ kind: 'throw', errorClass: 'DivisionByZeroError', message: 'Division by zero', line: 8 });
    expect(r.outcomes.get(1)).toMatchObject({ kind: 'throw', errorClass: 'ArithmeticError', message: 'Division of PHP_INT_MIN by -1 is not an integer' });
  });

  it('captures each call\'s output, warnings included', async () => {
    const fn: PhpFunction = { name: 'talk', lineStart: 1, text: 'function talk($n) { echo "n=", $n, "\\n"; return $n + "1x"; }', paramTypes: ['int'] };
    const plan = planFor(fn, []);
    const r = await run(buildPhpHarness(plan.rootKey, plan.functions, 'talk', [{ id: 0, args: [int(4n)] }]).script);
    const o = r.outcomes.get(0)!;
    expect(valueOf(o)).toEqual(int(5n));
    expect(o.output.toString()).toMatch(/^n=4\n\s*Warning: A non-numeric value encountered/);
  });

  it('places namespaced functions in their namespace', async () => {
    const fn: PhpFunction = { name: 'Lib\\Twice', lineStart: 3, text: 'function Twice($n) { return $n * 2; }', paramTypes: ['int'] };
    const plan = planFor(fn, []);
    const r = await run(buildPhpHarness(plan.rootKey, plan.functions, 'lib\\twice', [{ id: 0, args: [int(21n)] }]).script);
    expect(valueOf(r.outcomes.get(0))).toEqual(int(42n));
  });

  it('refuses a callee that is not a PHP name', () => {
    const plan = planFor(ID_ANY, []);
    expect(() => buildPhpHarness(plan.rootKey, plan.functions, 'x(); system("id")', [])).toThrow(/not a PHP function name/);
  });

  it('returns the results that arrived before the time limit', async () => {
    const fn: PhpFunction = { name: 'spin', lineStart: 1, text: 'function spin($n) { while ($n > 0) { $n = $n + 1; } return $n; }', paramTypes: ['int'] };
    const plan = planFor(fn, []);
    const h = buildPhpHarness(plan.rootKey, plan.functions, 'spin', [{ id: 0, args: [int(-3n)] }, { id: 1, args: [int(1n)] }]);
    const r = await run(h.script, 1000);
    expect(r.timedOut).toBe(true);
    expect(valueOf(r.outcomes.get(0))).toEqual(int(-3n));
    expect(r.outcomes.has(1)).toBe(false);
  });
});
