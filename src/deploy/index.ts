// Deploy stage entry: the orchestrator and the service that hosts it.
export { startService } from './service.ts';
export type { Service, ServiceOptions } from './service.ts';
export { Deployer, KERNEL_ABI_VERSION } from './deployer.ts';
export type { DeployerOptions, DeploymentEvent, ForcedAnswer, ForcedEvent, RegionStatusEvent, ProfileSource } from './deployer.ts';
export { loadRealStages, stageModulePaths } from './stages.ts';
export type { Stages } from './stages.ts';
export { specializePlan } from './specialize.ts';
export type { Specialized, SpecializeOptions } from './specialize.ts';
export { createLogger, silentLogger, isLogLevel } from './logger.ts';
export type { Logger, LogLevel, LogFields } from './logger.ts';
