/**
 * fast-check for the property tests, with a fixed seed: a run is the same on every machine and every time, so a
 * red CI is a real failure, reproducible from its log. FC_SEED=<n> explores other inputs locally; a failure prints
 * the seed and path to replay. Each test still states its own `numRuns` (bounded, so the time is predictable).
 * Tests import fast-check from here, never directly (eslint.config.js).
 */
import fc from 'fast-check';

/** The seed of every property run unless FC_SEED is set. */
export const PROPERTY_SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : 20240101;

fc.configureGlobal({ seed: PROPERTY_SEED, numRuns: 100 });

export { fc };
export default fc;
