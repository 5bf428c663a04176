import type { Lang, Translate } from '../i18n/i18n';
import { localizeError } from '../i18n/localize-error';
import type { PacketSenderImport } from './packet-sender-ini';
import type { QuickFileError } from './quick-file';

/** Our file's refusal in the page's language. */
export function quickFileErrorText(t: Translate, error: QuickFileError): string {
  switch (error.kind) {
    case 'notJson':
      return error.line === undefined ? t('quick.err.notJson', { detail: error.detail }) : t('quick.err.notJsonLine', { line: error.line, detail: error.detail });
    case 'notOurs':
      return t('quick.err.notOurs');
    case 'version':
      return t('quick.err.version', { version: error.version });
    case 'tooMany':
      return t('quick.err.tooMany', { count: error.count });
    case 'badEntry':
      return t('quick.err.badEntry', {
        index: error.index,
        line: error.line ?? '?',
        path: error.path || '—',
        // Only an issue this build cannot name keeps the checker's own (English) words.
        detail: error.problem === 'other' ? error.detail : t(`quick.err.problem.${error.problem}`),
      });
  }
}

/**
 * "Imported 3 commands; skipped 2: A (no data), B (Invalid HEX: character 2 "G" is not a hex digit)": a skipped
 * packet's codec error is said in the page's language (the reason's short word when there is none).
 */
export function packetSenderReport(t: Translate, lang: Lang, result: PacketSenderImport, dropped: number): string {
  const imported = t('quick.ps.imported', { n: result.commands.length - dropped });
  const skipped = result.skipped.map((s) => `${s.name} (${s.error ? localizeError(s.error, lang) : t(`quick.ps.skip.${s.reason}`)})`);
  const full = dropped > 0 ? [t('quick.full', { n: dropped })] : [];
  return [imported, ...(skipped.length > 0 ? [t('quick.ps.skipped', { n: skipped.length, list: skipped.join(', ') })] : []), ...full].join(' ');
}
