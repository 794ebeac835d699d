// Test helper: a Plan whose functions and methods use classes, with the class sources the extension would send.
import { createHash } from 'node:crypto';
import type { ParamType, PhpValue } from '../../src/core/php-value.ts';
import type { ClassSource } from '../../src/ingest/types.ts';
import type { Plan, PlannedFunction } from '../../src/plan/types.ts';

export interface ObjFnSpec {
  /** A function declaration, or `Class::method` naming a method of one of the classes. */
  readonly fn: string;
  readonly paramTypes: readonly ParamType[];
  /** Per parameter: the lowercased class of an object parameter. */
  readonly paramClasses?: readonly string[];
  readonly exported?: boolean;
}

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Class sources, one declaration each (the lines of a file, as the extension cuts them). */
export function classSources(texts: readonly string[]): ClassSource[] {
  let line = 100;
  return texts.map((text) => {
    const m = /class\s+(\w+)(?:\s+extends\s+(\w+))?/.exec(text)!;
    const lineStart = line;
    line += text.split('\n').length + 1;
    return { name: m[1]!, parent: m[2] ?? '', file: '/app/classes.php', lineStart, lineEnd: lineStart + text.split('\n').length - 1, text, sha256: sha(text) };
  });
}

export function objectPlan(fns: readonly ObjFnSpec[], classTexts: readonly string[], samples: readonly (readonly PhpValue[])[] = []): Plan {
  const classes = classSources(classTexts);
  const functions: PlannedFunction[] = fns.map((f) => {
    const method = /^(\w+)::(\w+)$/.exec(f.fn);
    const base = { paramTypes: f.paramTypes, byRef: f.paramTypes.map(() => false), exported: f.exported ?? true, ...(f.paramClasses ? { paramClasses: f.paramClasses } : {}) };
    if (method) {
      const cls = classes.find((c) => c.name.toLowerCase() === method[1]!.toLowerCase())!;
      const isStatic = new RegExp(`static\\s+function\\s+${method[2]}\\b`, 'i').test(cls.text);
      const lc = `${method[1]!.toLowerCase()}::${method[2]!.toLowerCase()}`;
      return {
        ...base,
        regionKey: `/app/classes.php::${method[1]}::${method[2]}`,
        functionName: method[2]!,
        lcName: lc,
        className: method[1]!,
        isMethod: !isStatic,
        isStatic,
        receiverClass: isStatic ? '' : method[1]!.toLowerCase(),
        source: { file: cls.file, lineStart: cls.lineStart, lineEnd: cls.lineEnd, text: cls.text, sha256: cls.sha256, classes },
      };
    }
    const name = /function\s+(\w+)/.exec(f.fn)![1]!;
    return {
      ...base,
      regionKey: `/app/test.php::::${name.toLowerCase()}`,
      functionName: name,
      lcName: name.toLowerCase(),
      source: { file: '/app/test.php', lineStart: 1, lineEnd: f.fn.split('\n').length, text: f.fn, sha256: sha(f.fn), classes },
    };
  });
  return { app: 'test', signatureId: 'sig', rootKey: functions[0]!.regionKey, functions, samples, classes };
}
