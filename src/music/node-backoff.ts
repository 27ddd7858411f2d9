/**
 * Delay before reconnect attempt `attempt` (0 for the first after a loss): exponential from `baseMs`, capped at
 * `maxMs`, with "equal jitter" (half fixed, half random) so nodes and restarted bots do not retry in lockstep, while
 * the delay never drops below half of the exponential step.
 */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const step = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(step / 2 + random() * (step / 2));
}
