// Signature stage entry: a region profile's behavioral graph and fingerprint.
export { buildSignature, signatureId, signatureJson, serializeSignatureGraph } from './build-signature.ts';
export type { SignatureContext } from './build-signature.ts';
export { similarity } from './similarity.ts';
export { dominantTuple } from './dominant-types.ts';
export type { DominantTuple } from './dominant-types.ts';
export type * from './types.ts';
