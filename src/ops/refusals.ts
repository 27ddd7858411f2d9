import type { Admission } from "../commands/rate-limit.ts";

/** Requests the per-member rate limit turned away, by kind. */
export interface RefusalCounts {
  readonly commands: number;
  readonly autocomplete: number;
}

/** The part of the rate limiter the router uses. */
export interface RateLimitGate {
  admit(userId: string): Admission;
  admitAutocomplete(userId: string): boolean;
}

/** Wraps a rate limiter so its refusals are counted (for `/metrics` and `/stats`) without the limiter knowing. */
export function countRefusals(gate: RateLimitGate): { gate: RateLimitGate; counts: () => RefusalCounts } {
  let commands = 0;
  let autocomplete = 0;
  return {
    gate: {
      admit(userId) {
        const admission = gate.admit(userId);
        if (admission.kind === "refuse") commands++;
        return admission;
      },
      admitAutocomplete(userId) {
        const ok = gate.admitAutocomplete(userId);
        if (!ok) autocomplete++;
        return ok;
      },
    },
    counts: () => ({ commands, autocomplete }),
  };
}
