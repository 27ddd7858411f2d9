import { Recorder } from "../recorder.ts";

/**
 * Wire traffic of the fake node (requests, handshakes, websocket ops): the shared {@link Recorder}, where a predicate
 * that throws on an unexpected shape simply does not match, and waiting never keeps the process alive.
 */
export class TrafficLog<T> extends Recorder<T> {
  /**
   * @param what noun used in timeout messages ("request", "ws op", …)
   * @param describe one-line summary of an item for timeout messages
   */
  constructor(what: string, describe: (item: T) => string) {
    super(what, describe, { skipThrowingPredicates: true, unrefTimers: true });
  }
}
