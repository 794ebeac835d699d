// Declined: "not worth it" or "can't be exact" is a value, never an exception.
export interface Declined {
  readonly declined: true;
  /** Pipeline stage that declined, e.g. "frontend", "compile", "verify". */
  readonly stage: string;
  /** Region key the decision is about. */
  readonly region: string;
  readonly reason: string;
}

export function decline(stage: string, region: string, reason: string): Declined {
  return { declined: true, stage, region, reason };
}

export function isDeclined(value: unknown): value is Declined {
  return typeof value === 'object' && value !== null && (value as Declined).declined === true;
}

/** Error for bugs and bad input: names its stage and region. */
export class StageError extends Error {
  constructor(readonly stage: string, readonly region: string, message: string, options?: ErrorOptions) {
    super(`Failed in specialize pipeline (step: ${stage}) for ${region}: ${message}`, options);
    this.name = 'StageError';
  }
}
