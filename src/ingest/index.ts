// Ingest stage entry: start the gRPC server that receives profiles from PHP processes.
import { IngestServer } from './ingest-server.ts';
import type { IngestHandlers, IngestOptions } from './ingest-server.ts';

export { IngestServer } from './ingest-server.ts';
export type { ClientStream, IngestAddress, IngestHandlers, IngestOptions, RejectedMessage } from './ingest-server.ts';
export { ProfileAggregator, MAX_SAMPLES } from './aggregate-profiles.ts';
export { loadPolyvirtProto, PROTO_PATH, PROTO_LOADER_OPTIONS } from './proto.ts';
export type { WireServerMessage, WireDeployment, WireKernelRef, WireRevert, WireSpecialized } from './proto.ts';
export type { BatchInfo, HelloInfo, OutcomeInfo, KernelOutcomeInfo, RegionDelta, SpecializeInfo } from './validate-message.ts';
export { sha256Hex } from './validate-message.ts';

/** Starts listening; resolves once every requested address is bound. */
export async function startIngest(options: IngestOptions, handlers: IngestHandlers = {}): Promise<IngestServer> {
  const server = new IngestServer(options, handlers);
  await server.listen();
  return server;
}
