// The type environment of a module under inference: one type per local and per return value, joined to a fixed point.
import type { ScalarType } from '../core/php-value.ts';
import { declineAt } from './frontend-decline.ts';
import type { DeclaredType } from './lower-function.ts';
import type { IrType } from './types.ts';

/** Bottom: nothing known yet (a local not yet assigned in this round, a return not yet seen). */
export const BOT = 'bot' as const;
export type Ty = IrType | typeof BOT;

/** Least upper bound; undefined when PHP values of both kinds can't share one native type. */
export function joinTypes(a: Ty, b: Ty): Ty | undefined {
  if (a === b || b === BOT) return a;
  if (a === BOT) return b;
  const numeric = (t: Ty) => t === 'int' || t === 'float' || t === 'num';
  if (numeric(a) && numeric(b)) return 'num';
  return undefined;
}

export class FunctionEnv {
  readonly paramIds: number[] = [];
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly types: Ty[] = [];
  private inferredReturn: Ty = BOT;
  changed = false;

  constructor(
    readonly name: string,
    readonly paramTypes: readonly ScalarType[],
    readonly declaredParams: readonly DeclaredType[],
    readonly declaredReturn: DeclaredType,
  ) {}

  /** Stable id per PHP variable name (and per compiler temporary, named with a leading '#'). */
  localId(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
      this.types.push(BOT);
    }
    return id;
  }

  localName(id: number): string {
    return this.names[id]!;
  }

  get localCount(): number {
    return this.names.length;
  }

  localType(id: number): Ty {
    return this.types[id] ?? BOT;
  }

  /** Records that `t` flows into the local; returns the local's (possibly widened) type. */
  joinLocal(id: number, t: Ty, line: number): Ty {
    const cur = this.localType(id);
    const next = joinTypes(cur, t);
    if (next === undefined) {
      const name = this.localName(id);
      return declineAt(`${name.startsWith('#') ? 'a temporary' : `variable $${name}`} holds both ${cur} and ${t} (type not stable)`, line);
    }
    if (next !== cur) {
      this.types[id] = next;
      this.changed = true;
    }
    return next;
  }

  joinReturn(t: Ty, line: number): void {
    const next = joinTypes(this.inferredReturn, t);
    if (next === undefined) declineAt(`function returns both ${this.inferredReturn} and ${t}`, line);
    if (next !== this.inferredReturn) {
      this.inferredReturn = next;
      this.changed = true;
    }
  }

  get inferred(): Ty {
    return this.inferredReturn;
  }

  /** The type callers see and returns convert to: the declared one if any, else the inferred join. */
  get returnType(): Ty {
    switch (this.declaredReturn) {
      case 'int':
      case 'float':
      case 'bool':
        return this.declaredReturn;
      case 'void':
        return 'null';
      case 'any':
        return this.inferredReturn;
    }
  }
}

export interface TypeEnv {
  readonly functions: FunctionEnv[];
}
