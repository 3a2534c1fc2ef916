/** vue-i18n for the workbench: zh-CN first (the default), English on request (`?lang=en` or the header button). */
import { createI18n } from 'vue-i18n';
import { MESSAGES, type Locale } from './messages';

export function initialLocale(): Locale {
  const asked = new URLSearchParams(location.search).get('lang');
  return asked === 'en' ? 'en' : 'zh-CN';
}

export function createWorkbenchI18n() {
  return createI18n({ legacy: false, locale: initialLocale(), fallbackLocale: 'zh-CN', messages: MESSAGES });
}
