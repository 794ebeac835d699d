// A real grpc-js client of the polyvirt service for tests: builds wire messages, sends them, collects replies.
import { createHash } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { loadPolyvirtProto } from '../../src/ingest/proto.ts';

export interface WireClient {
  write(message: object): void;
  /** Server messages received so far. */
  readonly received: Record<string, unknown>[];
  /** Resolves with the next server message (or one already received and not yet taken). */
  next(): Promise<Record<string, unknown>>;
  /** Resolves with the final status of the stream. */
  readonly status: Promise<grpc.StatusObject | grpc.ServiceError>;
  end(): void;
  close(): void;
}

export function connectClient(address: string): WireClient {
  const { Client } = loadPolyvirtProto();
  const client = new Client(address, grpc.credentials.createInsecure());
  const call = (client as unknown as { Connect(): grpc.ClientDuplexStream<object, Record<string, unknown>> }).Connect();
  const received: Record<string, unknown>[] = [];
  let taken = 0;
  const waiters: ((m: Record<string, unknown>) => void)[] = [];
  call.on('data', (m: Record<string, unknown>) => {
    received.push(m);
    const w = waiters.shift();
    if (w) {
      taken++;
      w(m);
    }
  });
  const status = new Promise<grpc.StatusObject | grpc.ServiceError>((done) => {
    call.on('status', done);
    call.on('error', (e) => done(e as grpc.ServiceError));
  });
  return {
    write: (m) => call.write(m),
    received,
    next: () =>
      taken < received.length ? Promise.resolve(received[taken++]!) : new Promise((done) => waiters.push(done)),
    status,
    end: () => call.end(),
    close: () => {
      call.cancel();
      client.close();
    },
  };
}

// A PHP 8.2 process whose extension loads kernels of PV_ABI_VERSION 2 (abi.h), so deployments reach it.
export function hello(app: string, extra: object = {}): object {
  return { hello: { app, pid: 4242, php_version_id: 80207, abi_version: 2, sapi: 'cli', token: '', ...extra } };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export interface RegionOptions {
  key?: string;
  file?: string;
  className?: string;
  name?: string;
  calls?: number | string;
  timedCalls?: number;
  timeNs?: number;
  argTypes?: { types: number[]; count: number | string }[];
  argTypesOther?: number;
  returnTypes?: { types: number[]; count: number }[];
  samples?: object[][];
  callers?: { caller: string; count: number }[];
  source?: { text: string; lineStart: number; lineEnd: number; sha256?: string; file?: string };
  numParams?: number;
  byRef?: boolean;
  byRefMask?: number;
  variadic?: boolean;
}

export function region(o: RegionOptions = {}): object {
  const file = o.file ?? '/app/fib.php';
  const name = o.name ?? 'fib';
  return {
    key: o.key ?? `${file}::${o.className ?? ''}::${name.toLowerCase()}`,
    file,
    class_name: o.className ?? '',
    function_name: name,
    calls: String(o.calls ?? 10),
    timed_calls: String(o.timedCalls ?? 0),
    time_ns: String(o.timeNs ?? 0),
    arg_types: (o.argTypes ?? [{ types: [4], count: o.calls ?? 10 }]).map((t) => ({ types: t.types, count: String(t.count) })),
    arg_types_other: String(o.argTypesOther ?? 0),
    return_types: (o.returnTypes ?? []).map((t) => ({ types: t.types, count: String(t.count) })),
    samples: (o.samples ?? []).map((args) => ({ args })),
    callers: (o.callers ?? []).map((c) => ({ caller: c.caller, count: String(c.count) })),
    ...(o.source
      ? {
          source: {
            file: o.source.file ?? file,
            line_start: o.source.lineStart,
            line_end: o.source.lineEnd,
            text: o.source.text,
            sha256: o.source.sha256 ?? sha256(o.source.text),
          },
        }
      : {}),
    num_params: o.numParams ?? 1,
    required_params: o.numParams ?? 1,
    by_ref_params: o.byRef ?? false,
    by_ref_mask: o.byRefMask ?? 0,
    variadic: o.variadic ?? false,
  };
}

export function batch(seq: number, regions: object[]): object {
  return { batch: { seq: String(seq), regions, dropped_batches: '0', dropped_regions: '0', profiled_calls: '0' } };
}

export const intValue = (n: bigint | number): object => ({ int_value: String(n) });
export const floatValue = (x: number): object => ({ float_value: x });
export const boolValue = (b: boolean): object => ({ bool_value: b });
export const stringValue = (bytes: string | Buffer): object => ({ string_value: typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes });
/** entries: [int key (bigint) or string key (latin1), value]. */
export const arrayValue = (entries: [bigint | string, object][]): object => ({
  array_value: {
    entries: entries.map(([k, value]) => (typeof k === 'bigint' ? { int_key: String(k), value } : { string_key: Buffer.from(k, 'latin1'), value })),
  },
});
/** props: [property name, value]. */
export const objectValue = (className: string, props: [string, object][]): object => ({
  object_value: { class_name: className, properties: { entries: props.map(([k, value]) => ({ string_key: Buffer.from(k, 'latin1'), value })) } },
});
