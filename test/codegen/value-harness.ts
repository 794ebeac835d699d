// Test helper: compiles IR modules with g++, runs their kernels in the in-memory test host (fixtures/value-host.cpp), and runs the same PHP with php -n in the host's line format.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeclined } from '../../src/core/declined.ts';
import type { PhpValue } from '../../src/core/php-value.ts';
import { emitCpp } from '../../src/codegen/index.ts';
import type { CppUnit } from '../../src/codegen/types.ts';
import { compileUnit } from '../../src/compile/index.ts';
import type { IrModule } from '../../src/frontend/types.ts';
import { runPasses } from '../../src/passes/index.ts';

const here = dirname(fileURLToPath(import.meta.url));
const templates = resolve(here, '../../cpp-templates');
const cacheDir = join(tmpdir(), 'polyvirt-test-cache');

function host(): string {
  const src = join(here, 'fixtures/value-host.cpp');
  const hash = createHash('sha256').update(readFileSync(src)).update(readFileSync(join(templates, 'polyvirt/abi.h'))).digest('hex').slice(0, 16);
  mkdirSync(cacheDir, { recursive: true });
  const out = join(cacheDir, `value-host-${hash}`);
  if (!existsSync(out)) execFileSync('g++', ['-std=c++17', '-O1', '-I', templates, '-o', out, src, '-ldl']);
  return out;
}

export async function compileModule(ir: IrModule): Promise<{ unit: CppUnit; so: string }> {
  const unit = emitCpp(runPasses(ir, { verify: true }));
  if (isDeclined(unit)) throw new Error(`declined: ${unit.reason}`);
  const art = await compileUnit(unit, { cacheDir });
  if (isDeclined(art)) throw new Error(`${art.reason}\n${unit.cpp}`);
  return { unit, so: art.path };
}

const hexOf = (s: string): string => (s === '' ? '-' : Buffer.from(s, 'latin1').toString('hex'));

/** A value in the host's line format. */
export function enc(v: PhpValue): string {
  switch (v.kind) {
    case 'null':
      return 'n';
    case 'bool':
      return `b ${v.value ? 1 : 0}`;
    case 'int':
      return `i ${v.value}`;
    case 'float': {
      const b = Buffer.alloc(8);
      b.writeDoubleBE(v.value);
      return `d ${b.toString('hex')}`;
    }
    case 'string':
      return `s ${hexOf(v.value)}`;
    case 'array':
      return `a ${v.entries.length}${v.entries.map((e) => ` ${typeof e.key === 'string' ? `s ${hexOf(e.key)}` : `i ${e.key}`} ${enc(e.value)}`).join('')}`;
    case 'object':
      // Public properties only here (what get_object_vars shows from outside the class).
      return `o ${hexOf(v.className.toLowerCase())} ${v.props.length}${v.props.map((e) => ` ${hexOf(String(e.key))} ${enc(e.value)}`).join('')}`;
  }
}

/** Runs a host script (see value-host.cpp) against an artifact; returns its output lines. */
export function runHost(so: string, script: string): string[] {
  return execFileSync(host(), [so], { input: script, encoding: 'utf8' }).trim().split('\n');
}

// The same line format, computed by PHP itself.
const PHP_ENC = String.raw`function __pv_enc($v) {
  if (is_null($v)) return "n";
  if (is_bool($v)) return "b " . ($v ? 1 : 0);
  if (is_int($v)) return "i " . $v;
  if (is_float($v)) return "d " . bin2hex(pack("E", $v));
  if (is_string($v)) return "s " . ($v === "" ? "-" : bin2hex($v));
  if (is_object($v)) {
    $p = get_object_vars($v);
    $o = "o " . bin2hex(strtolower(get_class($v))) . " " . count($p);
    foreach ($p as $k => $x) $o .= " " . bin2hex($k) . " " . __pv_enc($x);
    return $o;
  }
  $o = "a " . count($v);
  foreach ($v as $k => $x) $o .= (is_int($k) ? " i $k" : " s " . ($k === "" ? "-" : bin2hex($k))) . " " . __pv_enc($x);
  return $o;
}`;

/** What `php -n` prints and the value of `$__r` after running `code` (after `src`), plus `extra` values, in the host's line format. */
export function runPhpCode(src: string, code: string, extra: readonly string[] = []): string[] {
  const show = extra.map((e) => `echo "obj ", __pv_enc(${e}), "\\n";`).join('\n');
  const all = `${PHP_ENC}\n${src}\nob_start();\n${code}\n$__o = ob_get_clean();\nif ($__o !== "") echo "out ", bin2hex($__o), "\\n";\necho "ok ", __pv_enc($__r), "\\n";\n${show}\n`;
  return execFileSync('php', ['-n', '-r', all], { encoding: 'utf8' }).trim().split('\n');
}

/** What `php -n` prints and returns for `fn(args)`, as "out <hex>" and "ok <value>" lines. */
export function runPhp(src: string, name: string, args: readonly string[]): string[] {
  const code = `${PHP_ENC}\n${src}\nob_start();\n$__r = ${name}(${args.join(', ')});\n$__o = ob_get_clean();\nif ($__o !== "") echo "out ", bin2hex($__o), "\\n";\necho "ok ", __pv_enc($__r), "\\n";\n`;
  return execFileSync('php', ['-n', '-r', code], { encoding: 'utf8' }).trim().split('\n');
}
