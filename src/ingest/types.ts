// Types the ingest stage produces: a region's profile aggregated over batches and processes.
import type { PhpValue } from '../core/php-value.ts';

export interface TypeTupleCount {
  /** zval type codes per argument (bool reported as 3). */
  readonly types: readonly number[];
  count: number;
}

export interface RegionSource {
  readonly file: string;
  readonly lineStart: number;
  readonly lineEnd: number;
  readonly text: string;
  /** Hex sha256 of text. */
  readonly sha256: string;
  /** User classes the region names (its own class for a method, classes it instantiates…, their parents). */
  readonly classes?: readonly ClassSource[];
  /** Types the constants and globals the region names had when it turned hot, one per (kind, name). */
  readonly world?: readonly WorldHint[];
}

/**
 * The type a constant or global the region names had when the region turned hot: the code
 * generator may specialize on it behind a guard (another type at run time DEOPTs).
 */
export interface WorldHint {
  readonly kind: 'constant' | 'global';
  /** As written: "IM", "NS\NAME", "A::B" for class constants, "LAST" for `global $LAST`. */
  readonly name: string;
  /**
   * zval type code: 0 nothing to specialize on (undefined then, or types that disagreed across
   * processes), 1 null, 3 bool (false is reported as 3 too), 4 int, 5 float, 6 string, 7 array, 8 object.
   */
  readonly type: number;
}

/** Declaration of a user class, exactly lines lineStart..lineEnd of file. */
export interface ClassSource {
  /** As declared, with its namespace. */
  readonly name: string;
  /** Parent class name; empty if none. */
  readonly parent: string;
  readonly file: string;
  readonly lineStart: number;
  readonly lineEnd: number;
  readonly text: string;
  /** Hex sha256 of text. */
  readonly sha256: string;
}

/** Everything the service knows about one region (user function or method) of one app. */
export interface RegionProfile {
  /** "<file>::<Class>::<function>"; class empty for plain functions. */
  readonly key: string;
  readonly app: string;
  readonly file: string;
  readonly className: string;
  readonly functionName: string;
  calls: number;
  timedCalls: number;
  timeNs: number;
  argTypes: TypeTupleCount[];
  argTypesOther: number;
  returnTypes: TypeTupleCount[];
  /** Recorded argument tuples, distinct, bounded. */
  samples: PhpValue[][];
  /** caller region key → call count. */
  callers: Map<string, number>;
  source?: RegionSource;
  numParams: number;
  requiredParams: number;
  byRefParams: boolean;
  /** Bit i set: parameter i is passed by reference. */
  byRefMask: number;
  variadic: boolean;
  /**
   * Per declared parameter: the class (lowercased) of the object arguments seen, "" when no object
   * was seen there, "*" when objects of several classes were.
   */
  argClasses: string[];
}
