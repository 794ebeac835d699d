// Loads proto/polyvirt.proto with the options the service and its tests share, and names the wire shapes.
import { fileURLToPath } from 'node:url';
import * as protoLoader from '@grpc/proto-loader';
import * as grpc from '@grpc/grpc-js';

export const PROTO_PATH = fileURLToPath(new URL('../../proto/polyvirt.proto', import.meta.url));

// keepCase: field names as in the .proto; longs as String so 64-bit counters and ints survive
// exactly (converted to bigint/number by the validator); oneofs: the set member is named in `body`/`v`.
export const PROTO_LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
};

export interface PolyvirtGrpc {
  readonly service: grpc.ServiceDefinition;
  /** Client constructor, for tests and tools that talk to the service. */
  readonly Client: grpc.ServiceClientConstructor;
}

let cached: PolyvirtGrpc | undefined;

export function loadPolyvirtProto(): PolyvirtGrpc {
  if (cached) return cached;
  const def = protoLoader.loadSync(PROTO_PATH, PROTO_LOADER_OPTIONS);
  const pkg = grpc.loadPackageDefinition(def) as unknown as {
    polyvirt: { v1: { Polyvirt: grpc.ServiceClientConstructor } };
  };
  const Client = pkg.polyvirt.v1.Polyvirt;
  cached = { service: Client.service, Client };
  return cached;
}

// Wire shapes as proto-loader delivers them (uint64/sint64 as decimal strings).
export interface WireTypeTuple { types: number[]; count: string }
export interface WireValue {
  v?: 'null_value' | 'bool_value' | 'int_value' | 'float_value' | 'string_value' | 'array_value' | 'object_value';
  null_value?: boolean;
  bool_value?: boolean;
  int_value?: string;
  float_value?: number;
  string_value?: Buffer;
  array_value?: WireArrayValue | null;
  object_value?: WireObjectValue | null;
}
export interface WireObjectValue { class_name: string; properties: WireArrayValue | null }
export interface WireArrayEntry {
  key?: 'int_key' | 'string_key';
  int_key?: string;
  string_key?: Buffer;
  value: WireValue | null;
}
export interface WireArrayValue { entries: WireArrayEntry[] }
export interface WireArgSample { args: WireValue[] }
export interface WireCallEdge { caller: string; count: string }
export interface WireRegionSource {
  file: string;
  line_start: number;
  line_end: number;
  text: string;
  sha256: string;
  classes?: WireClassSource[];
  world?: WireWorldHint[];
}
/** kind as the enum's name; an unknown enum value arrives as its number. */
export interface WireWorldHint {
  kind: 'CONSTANT' | 'GLOBAL' | number;
  name: string;
  type: number;
}
export interface WireClassSource {
  name: string;
  parent: string;
  file: string;
  line_start: number;
  line_end: number;
  text: string;
  sha256: string;
}
export interface WireRegionProfile {
  key: string;
  file: string;
  class_name: string;
  function_name: string;
  calls: string;
  timed_calls: string;
  time_ns: string;
  arg_types: WireTypeTuple[];
  arg_types_other: string;
  return_types: WireTypeTuple[];
  samples: WireArgSample[];
  callers: WireCallEdge[];
  source: WireRegionSource | null;
  num_params: number;
  required_params: number;
  by_ref_params: boolean;
  variadic: boolean;
  by_ref_mask: number;
  arg_classes?: string[];
}
export interface WireProfileBatch {
  seq: string;
  regions: WireRegionProfile[];
  dropped_batches: string;
  dropped_regions: string;
  profiled_calls: string;
}
export interface WireHello {
  app: string;
  pid: number;
  php_version_id: number;
  abi_version: number;
  sapi: string;
  token: string;
}
export interface WireKernelOutcome {
  region_key: string;
  native_calls: string;
  guard_failures: string;
  deopts: string;
  throws: string;
}
export interface WireOutcome {
  deployment_id: string;
  installed: boolean;
  error: string;
  kernels: WireKernelOutcome[];
}
/** Force mode's request: specialize this region now (id echoed in the answer). */
export interface WireSpecialize {
  id: string;
  region: WireRegionProfile | null;
}
export interface WireClientMessage {
  body?: 'hello' | 'batch' | 'outcome' | 'specialize';
  hello?: WireHello | null;
  batch?: WireProfileBatch | null;
  outcome?: WireOutcome | null;
  specialize?: WireSpecialize | null;
}

// What the service sends; bytes as Buffer.
export interface WireKernelRef { region_key: string; source_sha256: string; guard_types: number[] }
export interface WireDeployment {
  deployment_id: string;
  signature_id: string;
  artifact: Buffer;
  artifact_sha256: string;
  kernels: WireKernelRef[];
}
export interface WireRevert { deployment_id: string; reason: string }
/** The answer to a Specialize; deployment_id empty when declined. */
export interface WireSpecialized {
  id: string;
  region_key: string;
  deployment_id: string;
  reason: string;
  retry: boolean;
}
export type WireServerMessage =
  | { deployment: WireDeployment }
  | { revert: WireRevert }
  | { synced: Record<string, never> }
  | { specialized: WireSpecialized };
