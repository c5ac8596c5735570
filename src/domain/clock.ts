/**
 * Time is an input. Domain and use-case code never read the system clock; they receive a `Clock`.
 * Composition roots pass `systemClock` (src/infra/system-clock.ts); tests pass a fixed or manually advanced clock.
 */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

/** A clock that stands still until moved: for tests and the simulator. */
export class ManualClock implements Clock {
  #ms: number;
  constructor(start: Date | string) {
    this.#ms = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#ms);
  }
  /** Moves the clock to `to`; refuses to go backwards unless `allowBackwards` is set. */
  set(to: Date | string, allowBackwards = false): void {
    const ms = new Date(to).getTime();
    if (!allowBackwards && ms < this.#ms) throw new RangeError(`clock may not go backwards to ${new Date(ms).toISOString()}`);
    this.#ms = ms;
  }
  advance(ms: number): void {
    this.#ms += ms;
  }
}
