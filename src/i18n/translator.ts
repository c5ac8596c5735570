/**
 * Message catalogs in Fluent (`locales/<locale>.ftl`): Vietnamese first, English second. Every user-facing text
 * lives there, not in code. The bot loads the same files through @grammyjs/i18n.
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectPath } from '../infra/project-root.js';
import { FluentBundle, FluentResource, type FluentVariable } from '@fluent/bundle';

export const LOCALES = ['vi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'vi';
export const LOCALES_DIR = projectPath('src', 'i18n', 'locales');

export type TranslateArgs = Record<string, FluentVariable>;
/** Renders message `key` in `locale`; falls back to Vietnamese, then to the key itself (never throws). */
export type Translate = (locale: string, key: string, args?: TranslateArgs) => string;

export class MissingMessageError extends Error {
  override name = 'MissingMessageError';
}

/** Loads every catalog; a syntax error in a catalog is a bug and throws here, at start-up. */
export function loadBundles(dir: string = LOCALES_DIR): Map<Locale, FluentBundle> {
  const bundles = new Map<Locale, FluentBundle>();
  for (const locale of LOCALES) {
    const source = fs.readFileSync(path.join(dir, `${locale}.ftl`), 'utf8');
    // Isolation marks (U+2068/2069) would end up in Telegram messages; the texts are plain.
    const bundle = new FluentBundle(locale, { useIsolating: false });
    const errors = bundle.addResource(new FluentResource(source));
    if (errors.length > 0) throw new Error(`locales/${locale}.ftl: ${errors.map((e) => e.message).join('; ')}`);
    bundles.set(locale, bundle);
  }
  return bundles;
}

export function messageIds(bundle: FluentBundle): string[] {
  // FluentBundle keeps messages in a Map named `_messages`; there is no public iterator.
  return [...((bundle as unknown as { _messages: Map<string, unknown> })._messages?.keys() ?? [])].sort();
}

export function createTranslator(bundles: Map<Locale, FluentBundle> = loadBundles()): Translate {
  return (locale, key, args) => {
    for (const l of [locale as Locale, DEFAULT_LOCALE]) {
      const bundle = bundles.get(l);
      const msg = bundle?.getMessage(key);
      if (bundle && msg?.value) {
        const errors: Error[] = [];
        const text = bundle.formatPattern(msg.value, args ?? {}, errors);
        if (errors.length === 0) return text;
      }
    }
    return key;
  };
}
