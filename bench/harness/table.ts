import type { Row } from './case';

function num(x: number | undefined, unit: string): string {
  if (x === undefined || Number.isNaN(x)) return '';
  if (x === Number.POSITIVE_INFINITY) return '∞';
  if (unit === 'ms' || unit === 'MB' || unit === '%') return x.toFixed(x < 10 ? 2 : 1);
  if (Number.isInteger(x) && Math.abs(x) < 1e4) return String(x);
  if (Math.abs(x) >= 1e6) return `${(x / 1e6).toFixed(2)}M`;
  if (Math.abs(x) >= 1e4) return `${(x / 1e3).toFixed(0)}k`;
  return x.toFixed(x < 10 ? 2 : 0);
}

export const COLUMNS = ['case', 'what', 'unit', 'offered', 'delivered', 'loss', 'baseline', 'ratio', 'target', 'status'] as const;

export function rowCells(row: Row): string[] {
  return [
    row.id,
    row.what,
    row.unit,
    num(row.offered, row.unit),
    num(row.delivered, row.unit),
    row.loss === undefined ? '' : `${(row.loss * 100).toFixed(1)}%`,
    num(row.baseline, row.unit),
    row.ratio === undefined || Number.isNaN(row.ratio) ? '' : `${row.ratio.toFixed(2)}×`,
    row.target,
    row.status,
  ];
}

/** A plain-text table for the terminal, then the notes, one per row that has one. */
export function formatTable(rows: readonly Row[]): string {
  const cells = [COLUMNS as readonly string[], ...rows.map(rowCells)];
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((r) => [...r[i]!].length)));
  const line = (r: readonly string[]): string => r.map((c, i) => c + ' '.repeat(widths[i]! - [...c].length)).join('  ').trimEnd();
  const out = [line(cells[0]!), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.slice(1).map(line)];
  const notes = rows.filter((r) => r.note).map((r) => `  ${r.id} ${r.what}: ${r.note}`);
  return [...out, '', 'notes:', ...notes].join('\n');
}

/** The same table in Markdown (bench/RESULTS.md). */
export function formatMarkdown(rows: readonly Row[]): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  const header = `| ${COLUMNS.join(' | ')} |`;
  const sep = `|${COLUMNS.map(() => '---').join('|')}|`;
  return [header, sep, ...rows.map((r) => `| ${rowCells(r).map(esc).join(' | ')} |`)].join('\n');
}
