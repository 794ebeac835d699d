// Registry of signature store backends by name; "sqlite" is built in, others (redis) register themselves.
import { StageError } from '../core/declined.ts';
import { SqliteSignatureStore } from './sqlite-store.ts';
import type { SignatureStore, StoreSpec } from './types.ts';

export type StoreFactory = (spec: StoreSpec) => SignatureStore | Promise<SignatureStore>;

const backends = new Map<string, StoreFactory>([['sqlite', (spec) => new SqliteSignatureStore(spec)]]);

export function registerStoreBackend(kind: string, factory: StoreFactory): void {
  backends.set(kind, factory);
}

export function storeBackends(): string[] {
  return [...backends.keys()].sort();
}

export async function openStore(spec: StoreSpec): Promise<SignatureStore> {
  const kind = spec.kind ?? 'sqlite';
  const factory = backends.get(kind);
  if (!factory) throw new StageError('sigdb', '-', `unknown store backend "${kind}" (have: ${storeBackends().join(', ')})`);
  return factory(spec);
}
