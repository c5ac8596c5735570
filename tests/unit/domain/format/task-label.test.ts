import { describe, expect, it } from 'vitest';
import { taskLabel } from '../../../../src/domain/format/task-label.js';

describe('taskLabel', () => {
  it('names the section with the number, as the CLI prints and accepts it', () => {
    expect(taskLabel({ key: 'VI/7', number: '7' })).toBe('VI.7');
    expect(taskLabel({ key: 'I/4.3', number: '4.3' })).toBe('I.4.3');
  });

  it('tells apart a second row with the same number, and a section repeated in the table', () => {
    expect(taskLabel({ key: 'I/4#2', number: '4' })).toBe('I.4(2)');
    expect(taskLabel({ key: 'IV#2/01', number: '01' })).toBe('IV(2).01');
  });

  it('uses the label of a task read from prose, and the number of a task without a key', () => {
    expect(taskLabel({ key: 'P/ĐX1', number: 'ĐX1' })).toBe('ĐX1');
    expect(taskLabel({ key: null, number: '12' })).toBe('12');
  });
});
