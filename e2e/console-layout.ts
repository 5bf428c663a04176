import type { Desk } from './desk';

/** How the TCP server console is laid out right now (the client list under the log), measured in the page. */
export interface ConsoleLayout {
  readonly windowWidth: number;
  readonly windowHeight: number;
  readonly clientListVisible: boolean;
  /** Client rows drawn wholly inside the list's visible area, and all the list holds. */
  readonly clientRowsInView: number;
  readonly clientRows: number;
  /** Heights in px: the log's visible area, the client list, and how many log-mode rows (32 px) the log shows. */
  readonly logHeight: number;
  readonly clientListHeight: number;
  readonly logRowsShown: number;
  /** The list's table is wider than its box (it scrolls sideways, or is cut). */
  readonly clientTableOverflowX: number;
  /** Cells, labels and buttons whose text is wider than their box (cut), by their text. */
  readonly clippedText: readonly string[];
  /** Parts drawn outside the box that holds them: "child in parent" descriptions. */
  readonly outsideParent: readonly string[];
  /** Event rows drawn wholly inside the log's view, and those whose sentence is wider than the row. */
  readonly eventRowsInView: number;
  readonly eventRowsCut: readonly string[];
  /** The page is wider or taller than the window. */
  readonly pageOverflows: boolean;
  /** Pixels the settings column holds beyond its height (it scrolls, and a drawn scrollbar narrows it). */
  readonly settingsColumnOverflowY: number;
  /** WCAG contrast ratio of each sampled text against the background it is drawn on. */
  readonly contrast: Readonly<Record<string, number>>;
}

/** Measures the console of the active TCP server tab. */
export async function measureConsole(desk: Desk): Promise<ConsoleLayout> {
  return desk.page.evaluate(() => {
    const $ = (selector: string, root: ParentNode = document) => root.querySelector<HTMLElement>(selector);
    const $$ = (selector: string, root: ParentNode = document) => Array.from(root.querySelectorAll<HTMLElement>(selector));
    const inside = (inner: DOMRect, outer: DOMRect): boolean =>
      inner.left >= outer.left - 0.5 && inner.right <= outer.right + 0.5 && inner.top >= outer.top - 0.5 && inner.bottom <= outer.bottom + 0.5;
    const visibleBox = (el: HTMLElement): DOMRect => {
      const box = el.getBoundingClientRect();
      return new DOMRect(box.left + el.clientLeft, box.top + el.clientTop, el.clientWidth, el.clientHeight);
    };
    const label = (el: Element): string => `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ').join('.') : ''}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''}`;

    const list = $('[data-testid="client-list"]');
    const scroll = list ? $('.client-list-scroll', list) : null;
    const log = $('[data-testid="log"]');
    const rows = list ? $$('[data-testid="client-row"]', list) : [];
    const scrollBox = scroll ? visibleBox(scroll) : undefined;

    const clippedText: string[] = [];
    const textBearers = [
      ...(list ? $$('th, td, .client-list-head > *, button', list) : []),
      ...$$('.log-toolbar > *, .status-bar > *, .send-area button, .target-row *, .field-label, .settings-column button'),
    ];
    for (const el of textBearers) {
      if (el.scrollWidth > el.clientWidth + 1 && (el.textContent ?? '').trim()) clippedText.push(`${label(el)}: ${(el.textContent ?? '').trim().slice(0, 40)}`);
    }

    const outsideParent: string[] = [];
    const pairs: Array<[string, string]> = [
      ['[data-testid="client-list"]', '.work-column'],
      ['.log-pane', '.work-column'],
      ['.send-area', '.work-column'],
      ['.client-list-head > *', '[data-testid="client-list"]'],
      ['.log-toolbar > *', '.log-toolbar'],
      ['.status-bar > *', '.status-bar'],
      ['.work-column', '.session-panel'],
    ];
    for (const [childSelector, parentSelector] of pairs) {
      for (const child of $$(childSelector)) {
        const parent = child.closest(parentSelector) ?? $(parentSelector);
        if (!parent || parent === child) continue;
        if (!inside(child.getBoundingClientRect(), parent.getBoundingClientRect())) outsideParent.push(`${label(child)} in ${label(parent)}`);
      }
    }

    const logBox = log ? visibleBox(log) : undefined;
    const eventRows = log ? $$('[data-testid="log-entry"][data-dir="event"]', log) : [];
    const eventRowsInView = logBox ? eventRows.filter((row) => inside(row.getBoundingClientRect(), logBox)).length : 0;
    const eventRowsCut = eventRows
      .map((row) => $('.log-data', row))
      .filter((data): data is HTMLElement => !!data && data.scrollWidth > data.clientWidth + 1)
      .map((data) => (data.textContent ?? '').trim());

    // WCAG 2 relative luminance and contrast, against the first opaque background up the tree.
    const rgb = (color: string): [number, number, number, number] => {
      const parts = color.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
      return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? 1];
    };
    const luminance = ([r, g, b]: number[]): number => {
      const lin = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
    };
    const backgroundOf = (el: Element | null): [number, number, number, number] => {
      for (let node = el; node; node = node.parentElement) {
        const bg = rgb(getComputedStyle(node).backgroundColor);
        if (bg[3] > 0.5) return bg;
      }
      return [255, 255, 255, 1];
    };
    const contrastOf = (el: HTMLElement | null): number => {
      if (!el) return Number.NaN;
      const style = getComputedStyle(el);
      const fg = rgb(style.color);
      const bg = backgroundOf(el);
      const opacity = Number(style.opacity);
      // A faded element (opacity) is drawn partway to its background.
      const mixed = fg.slice(0, 3).map((c, i) => c * opacity + bg[i]! * (1 - opacity));
      const [l1, l2] = [luminance(mixed), luminance(bg)].sort((a, b) => b - a);
      return Math.round(((l1! + 0.05) / (l2! + 0.05)) * 100) / 100;
    };
    const samples: Record<string, string> = {
      'client cell': '.client-list td.mono',
      'client header': '.client-list th:nth-child(2)',
      'client list title': '.client-list-title',
      'client count': '.client-list-head .log-count',
      'client button': '[data-testid="client-filter"]',
      'event row': '.log-event .log-data',
      'rx row': '.log-rx .log-data',
      'control escape': '.log-rx .log-ctrl',
      'tx row': '.log-tx .log-data',
      'row header': '.log-head',
      'status text': '[data-testid="status"]',
      'rate': '[data-testid="rate-rx"]',
      'address hint': '[data-testid="local-address-hint"]',
      'field label': '.field-label',
      'selected client cell': '.client-list tr[data-selected="true"] td.mono',
    };
    const contrast: Record<string, number> = {};
    for (const [name, selector] of Object.entries(samples)) {
      const value = contrastOf($(selector));
      if (!Number.isNaN(value)) contrast[name] = value;
    }

    return {
      windowWidth: window.innerWidth,
      windowHeight: window.innerHeight,
      clientListVisible: !!list && list.getBoundingClientRect().height > 0,
      clientRowsInView: scrollBox ? rows.filter((row) => inside(row.getBoundingClientRect(), scrollBox)).length : 0,
      clientRows: rows.length,
      logHeight: log?.clientHeight ?? 0,
      clientListHeight: list?.getBoundingClientRect().height ?? 0,
      logRowsShown: Math.floor((log?.clientHeight ?? 0) / 32),
      clientTableOverflowX: scroll ? scroll.scrollWidth - scroll.clientWidth : 0,
      clippedText,
      outsideParent,
      eventRowsInView,
      eventRowsCut,
      pageOverflows: document.documentElement.scrollWidth > window.innerWidth || document.documentElement.scrollHeight > window.innerHeight,
      settingsColumnOverflowY: ((column) => (column ? column.scrollHeight - column.clientHeight : 0))($('.settings-column')),
      contrast,
    };
  });
}
