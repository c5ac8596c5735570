import { describe, expect, it } from 'vitest';
import { createTranslator, loadBundles, messageIds } from '../../../src/i18n/translator.js';

describe('locales', () => {
  const bundles = loadBundles();

  it('Vietnamese and English define exactly the same keys', () => {
    const vi = messageIds(bundles.get('vi')!);
    const en = messageIds(bundles.get('en')!);
    expect(vi.length).toBeGreaterThan(20);
    expect(en).toEqual(vi);
  });

  it('renders Vietnamese by default, English on request, and falls back to the key for unknown messages', () => {
    const t = createTranslator(bundles);
    expect(t('vi', 'due-overdue', { days: 3 })).toBe('quá hạn 3 ngày làm việc');
    expect(t('en', 'due-overdue', { days: 3 })).toBe('overdue by 3 working days');
    expect(t('fr', 'due-today')).toBe('đến hạn hôm nay');
    expect(t('vi', 'no-such-key')).toBe('no-such-key');
  });
});
