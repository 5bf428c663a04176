import { en } from './en';
import { zhCN, type MessageKey } from './zh-CN';

export type { MessageKey } from './zh-CN';

export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export type MessageParams = Readonly<Record<string, string | number>>;

export const MESSAGES: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = { 'zh-CN': zhCN, en };

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/** zh, zh-CN, zh-TW, … → zh-CN; anything else → en. */
export function langFromLocale(locale: string | undefined): Lang {
  return locale?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/**
 * One formatter for every count: the same text as `toLocaleString('en-US')`, which builds a formatter on every call
 * (the page formats hundreds of numbers as it starts: counters, the log capacity choices, …).
 */
const COUNT_FORMAT = new Intl.NumberFormat('en-US');

/** 1234567 → "1,234,567" in both languages (grouping by thousands is what both audiences read fastest). */
export function formatCount(value: number): string {
  return COUNT_FORMAT.format(Math.trunc(value));
}

/**
 * Fills `{name}` placeholders; numbers are grouped. `{name|one|other}` picks a word by the number `name` (1 → one,
 * anything else → other), for languages that inflect: "{count} {count|entry|entries}". An unknown placeholder is
 * left visible, not dropped.
 */
export function translate(lang: Lang, key: MessageKey, params?: MessageParams): string {
  const template = MESSAGES[lang][key];
  if (!params) return template;
  const inflected = template.replace(/\{(\w+)\|([^|{}]*)\|([^|{}]*)\}/g, (whole, name: string, one: string, other: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return Number(value) === 1 ? one : other;
  });
  return inflected.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatCount(value) : value;
  });
}

export type Translate = (key: MessageKey, params?: MessageParams) => string;
