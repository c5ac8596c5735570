/**
 * A task's label as people read and type it: the section and number ("VI.7"), so two tasks numbered 7 in a plan
 * of eight sections are told apart. The one labelling function of the CLI, the bot, the reminders, the digests
 * and the simulator.
 */
import { memoize } from '../memo.js';

/**
 * The label of a task from its import key (`VI/7`, `VI/7#2` for a second row numbered 7, `P/…` for a task read
 * from prose, whose key is its label) or, for tasks without a key, its number.
 * @example taskLabel({ key: 'VI/7', number: '7' }) === 'VI.7'
 */
export function taskLabel(task: { key: string | null; number: string }): string {
  return labelOfKey(task.key ?? task.number);
}

/** Memoized: a simulated year labels the same few hundred tasks in every message and digest line. */
const labelOfKey = memoize((key: string): string => {
  if (key.startsWith('P/')) return key.slice(2);
  return key
    .split('/')
    .map((part) => part.replace(/#(\d+)$/, '($1)'))
    .join('.');
});
