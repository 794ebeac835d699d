// Sigdb stage entry: open a signature store by backend name.
export { openStore, registerStoreBackend, storeBackends } from './store-registry.ts';
export type { StoreFactory } from './store-registry.ts';
export { SqliteSignatureStore } from './sqlite-store.ts';
export type * from './types.ts';
export { DECISION_STATUSES } from './types.ts';
