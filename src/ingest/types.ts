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
