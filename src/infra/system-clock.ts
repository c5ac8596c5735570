import type { Clock } from '../domain/clock.js';

/** The real clock. Only composition roots (src/main.ts, src/cli) pass it on. */
export const systemClock: Clock = { now: () => new Date() };
