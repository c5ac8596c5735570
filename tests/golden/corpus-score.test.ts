/**
 * Guard on the open deadline corpus (issue #11): **no row of the whole corpus may be read as a wrong date**. A wrong
 * date sends reminders with the system's authority; where the engine is unsure it must return the span unparsed.
 * Verdicts come from tests/golden/corpus/score.ts, the scorer `npm run bench:corpus` reports with (right / wrong /
 * unparsed; an event must match in name, amount, unit and sign). Right and unparsed counts are measured by the bench
 * and recorded in BENCHMARKS.md; this test only forbids "wrong", on the tuning and the held-back parts alike (the
 * message names only ids, never the engine's reading of a held-back row).
 */
import { describe, expect, it } from 'vitest';
import { loadWorkingCalendar } from '../../config/holidays/load.js';
import { loadCorpus, loadHoldout } from './corpus/corpus.js';
import { sameEvent, scoreRow } from './corpus/score.js';

const rows = loadCorpus();
const holdout = new Set(loadHoldout().ids);
const calendar = loadWorkingCalendar();

describe('deadline corpus: the scorer', () => {
  it('compares event names by their words: more words or fewer, never another event', () => {
    expect(sameEvent('nhan-duoc-yeu-cau', 'nhan-duoc-yeu-cau-tru-truong-hop-co-ly-do-chinh-dang')).toBe(true);
    expect(sameEvent('nhan-duoc-ho-so-du-an-du-thao', 'nhan-duoc-ho-so-du-an')).toBe(true);
    expect(sameEvent('nhan-duoc-van-ban-kien-nghi-thu-hoi-dat', 'nhan-duoc-van-ban-cua-co-quan-ve-kien-nghi-thu-hoi-dat')).toBe(true);
    expect(sameEvent('co-quyet-dinh-giai-the', 'quyet-dinh-giai-the')).toBe(true);
    expect(sameEvent('nhan-duoc-ho-so', 'ket-thuc-thanh-tra')).toBe(false);
    expect(sameEvent('nhan-duoc-ho-so', 'nhan-duoc-khieu-nai')).toBe(false);
    expect(sameEvent('thu-ly', 'thu')).toBe(false);
  });

  it('drops a leading day-marker "ngày" (and "có") from either name, never the words after it', () => {
    expect(sameEvent('ngay-bao-cao', 'bao-cao')).toBe(true);
    expect(sameEvent('bao-cao', 'ngay-bao-cao')).toBe(true);
    expect(sameEvent('ngay-co-quyet-dinh-giai-the', 'quyet-dinh-giai-the')).toBe(true);
    expect(sameEvent('ngay-bao-cao', 'ket-thuc-ky-bao-cao')).toBe(false);
    expect(sameEvent('ngay-khai-mac', 'khai-mac-ky-hop')).toBe(true);
    expect(sameEvent('ngay-khai-mac', 'ngay-ket-thuc')).toBe(false);
    expect(sameEvent('ngay-nhan', 'nhan-duoc')).toBe(false);
    expect(sameEvent('ngay', 'ngay')).toBe(true);
    expect(sameEvent('ngay', 'nhan-duoc')).toBe(false);
  });

  it('counts an event read with the wrong sign as wrong', () => {
    const row = rows.find((r) => r.expect.kind === 'event' && r.expect.before === true && !holdout.has(r.id))!;
    expect(scoreRow(row, calendar).verdict).toBe('right');
    const flipped = { ...row, expect: { ...row.expect, before: undefined } } as typeof row;
    expect(scoreRow(flipped, calendar).verdict).toBe('wrong');
  });
});

describe('deadline corpus: 0 wrong dates on the whole corpus (tuning and held-back)', () => {
  it(`reads none of the ${rows.length} phrases as a wrong date`, () => {
    const wrong = rows.filter((r) => scoreRow(r, calendar).verdict === 'wrong').map((r) => `${r.id}${holdout.has(r.id) ? ' (held back)' : ''}`);
    expect(wrong).toEqual([]);
  });
});
