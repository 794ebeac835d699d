// Builds RegionProfile values for tests of the stages after ingest.
import { createHash } from 'node:crypto';
import type { RegionProfile } from '../../src/ingest/types.ts';

export function profile(o: Partial<RegionProfile> & { name?: string; text?: string } = {}): RegionProfile {
  const file = o.file ?? '/app/fib.php';
  const functionName = o.functionName ?? o.name ?? 'fib';
  const text = o.text;
  const { name: _n, text: _t, ...rest } = o;
  return {
    key: `${file}::${o.className ?? ''}::${functionName.toLowerCase()}`,
    app: 'app',
    file,
    className: '',
    functionName,
    calls: 1_000_000,
    timedCalls: 0,
    timeNs: 0,
    argTypes: [{ types: [4], count: 1_000_000 }],
    argTypesOther: 0,
    returnTypes: [{ types: [4], count: 1_000_000 }],
    samples: [[{ kind: 'int', value: 20n }], [{ kind: 'int', value: 1n }]],
    callers: new Map(),
    source:
      text === undefined
        ? undefined
        : { file, lineStart: 1, lineEnd: text.split('\n').length, text, sha256: createHash('sha256').update(text).digest('hex') },
    numParams: 1,
    requiredParams: 1,
    byRefParams: false,
    byRefMask: 0,
    variadic: false,
    argClasses: [],
    ...rest,
  };
}

export const FIB_SOURCE = 'function fib($n) {\n    return $n < 2 ? $n : fib($n - 1) + fib($n - 2);\n}';
