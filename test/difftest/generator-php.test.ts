import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FAMILIES,
  checkPrograms,
  functionTags,
  generateProgram,
  parseFamilyWeights,
  parseTypeLines,
  printProgram,
  programProblem,
  typesLine,
  validateGenerated,
} from '../../src/difftest/index.ts';
import type { Program } from '../../src/difftest/index.ts';
import { driverLine } from '../../src/difftest/program.ts';
import { runPlain } from '../../src/difftest/run-program.ts';
import { checkContext } from './harness.ts';

describe('generated programs under php -n alone', () => {
  it('are valid PHP 8.2, terminate fast, stay small and print the same twice (seed 1000, 120 programs)', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'polyvirt-gen-'));
    const s = await validateGenerated({ seed: 1000, count: 120, jobs: 2, workDir, php: 'php' });
    expect(s.invalid).toEqual([]);
    expect(s.maxOutput).toBeLessThan(512 * 1024);
  }, 120_000);

  it('a program problem is recognized: fatal error, timeout, nondeterminism', () => {
    const ok = { stdout: '#1 1\n', stderr: '', exitCode: 0, signal: null, timedOut: false };
    expect(programProblem(ok, ok, 1000)).toBeUndefined();
    expect(programProblem({ ...ok, stdout: 'PHP Fatal error: boom\n', exitCode: 255 }, ok, 1000)).toMatch(/Fatal error: boom/);
    expect(programProblem({ ...ok, timedOut: true }, ok, 1000)).toBe('timed out');
    expect(programProblem(ok, { ...ok, stdout: '#1 2\n' }, 1000)).toMatch(/different/);
    expect(programProblem({ ...ok, stdout: 'x'.repeat(2000) }, ok, 1000)).toMatch(/2000 bytes/);
  });
});

describe('php output', () => {
  it('is read byte for byte: invalid UTF-8 bytes stay distinct', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'polyvirt-bytes-'));
    const file = join(dir, 'bytes.php');
    writeFileSync(file, '<?php echo chr(200), chr(201), "\\xC3\\xA4", "\\0";');
    const r = await runPlain(file, { php: 'php', timeoutMs: 10_000 });
    expect([...r.stdout].map((c) => c.charCodeAt(0))).toEqual([200, 201, 0xc3, 0xa4, 0]);
  });
});

describe('family weights', () => {
  it('parses weights and rejects unknown families', () => {
    expect(parseFamilyWeights('scalar=0, string=2')).toEqual({ scalar: 0, string: 2 });
    expect(() => parseFamilyWeights('strings=1')).toThrow(/bad family weight/);
  });

  it('generates only the families with weight > 0', () => {
    const only = (f: string): Record<string, number> => Object.fromEntries(FAMILIES.map((x) => [x, x === f ? 1 : 0]));
    for (let i = 0; i < 30; i++) {
      const scalar = generateProgram(3, i, { families: only('scalar') });
      for (const f of scalar.functions) expect([...functionTags(f)].filter((t) => t.startsWith('family:'))).toEqual(['family:scalar']);
      const arrays = generateProgram(3, i, { families: only('array') });
      for (const f of arrays.functions) expect(f.tags).toContain('family:array');
    }
  });
});

describe('driver lines and @types lines', () => {
  it('prints setup, output buffer, result and shown variables on one line', () => {
    const line = driverLine({ id: 4, fn: 'f', args: ['$r4_0', "'x'"], tags: [], setup: ['$r4_0 = [1];', '$g0 = 5;'], show: ['$r4_0'], ob: true });
    expect(line).toBe(
      "$r4_0 = [1]; $g0 = 5; ob_start(); try { $v = f($r4_0, 'x'); } catch (\\Throwable $e) { $v = $e; } " +
        "$o = ob_get_clean(); echo '#4 ob ', var_export($o, true), \"\\n\"; pvd_show(4, $v); echo '#4 $r4_0 ', var_export($r4_0, true), \"\\n\";",
    );
  });

  it('round-trips string, array and by-reference parameter types', () => {
    const line = typesLine('f', ['array', 'string', 'int'], [true, false, false]);
    expect(line).toBe('// @types f(&array, string, int)');
    expect(parseTypeLines(line).get('f')).toEqual({ types: ['array', 'string', 'int'], byRef: [true, false, false], classes: ['', '', ''] });
  });
});

describe('declined functions', () => {
  it('stay interpreted and are reported as declined, never as findings', async () => {
    // A closure is outside the specialized subset: the frontend declines the function.
    const p: Program = {
      name: 'declined_1',
      functions: [
        {
          name: 'declined_1_f0',
          paramTypes: ['int'],
          byRef: [false],
          header: 'function declined_1_f0($a)',
          body: [{ kind: 'line', text: '$f = function ($x) { return $x * 2; };', tags: [] }, { kind: 'line', text: 'return $f($a);', tags: [] }],
          tags: [],
          callees: [],
        },
      ],
      driver: [{ id: 1, fn: 'declined_1_f0', args: ['21'], tags: [] }],
    };
    const [r] = await checkPrograms([p], checkContext(), 'declined');
    expect(r!.findings).toEqual([]);
    expect(r!.compiled.size).toBe(0);
    expect(r!.declined.get('declined_1_f0')).toBeTruthy();
    expect(r!.plain!.stdout).toBe('#1 42\n');
    expect(printProgram(p).text).toContain('function declined_1_f0($a) {');
  }, 120_000);
});
