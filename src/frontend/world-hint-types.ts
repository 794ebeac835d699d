// The IR types world slots start from: what the plan's hints say constants and globals held when the region turned hot.
import type { WorldHint } from '../ingest/types.ts';
import { arrayOf, type IrType } from './types.ts';

/**
 * The slot type a hinted zval type code gives: scalars and strings their own type, arrays
 * array<mixed> (their elements were not reported). null, objects and "nothing known" (0) give no
 * type: a slot of such a value stays as it was (mixed unless assigned).
 */
export function hintedSlotType(code: number): IrType | undefined {
  switch (code) {
    case 2:
    case 3:
      return 'bool';
    case 4:
      return 'int';
    case 5:
      return 'float';
    case 6:
      return 'string';
    case 7:
      return arrayOf('mixed');
    default:
      return undefined;
  }
}

/** Key of a world slot for hint lookups: kind and name as PHP looks it up. */
export function worldHintKey(kind: WorldHint['kind'], name: string): string {
  return `${kind}:${name}`;
}

/** Hinted slot types by worldHintKey; hints that give no type are left out. */
export function worldHintTypes(hints: readonly WorldHint[] | undefined): Map<string, IrType> {
  const out = new Map<string, IrType>();
  for (const h of hints ?? []) {
    const t = hintedSlotType(h.type);
    if (t !== undefined) out.set(worldHintKey(h.kind, h.name), t);
  }
  return out;
}
