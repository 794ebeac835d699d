// Thresholds of the analytic cost model.
export interface CostOptions {
  /** A region called at least this often is worth specializing. */
  readonly minCalls: number;
  /** …or whose estimated inclusive time (time_ns / timed_calls × calls) reaches this. */
  readonly minTimeNs: number;
}

// The call bar matches the extension's default polyvirt.hot_calls (1000): it only sends source for
// regions it found hot, and a second, stricter bar here would leave short runs never specialized.
// The time bar catches rarely called but expensive regions (whole loops) that have cost 20 ms.
export const DEFAULT_COST_OPTIONS: CostOptions = { minCalls: 1_000, minTimeNs: 20_000_000 };
