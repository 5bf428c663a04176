import { expect, type Page } from '@playwright/test';

/**
 * What a screenshot scene must not show (issue 11, "a screenshot scene also asserts what it shows"): text cut short
 * or drawn past its box, and parts of the window drawn outside the box that holds them or outside the window.
 * Measured in the page, on whatever is on screen now; each defect says where (a selector-like path), what text,
 * and the sizes, so that a failure reads like the bug report.
 */
export type LayoutDefectKind =
  /** Text wider than its box, which hides the rest (overflow hidden or clip, no ellipsis). */
  | 'text clipped'
  /** Cut short with an ellipsis, but no title (tooltip) anywhere on it or its holders gives the full text. */
  | 'ellipsis without full text in a title'
  /** Text wider than its box, drawn over whatever is beside it (overflow visible). */
  | 'text spills out of its box'
  /** Text taller than its box, which hides the lines below (overflow hidden or clip). */
  | 'text cut at the bottom'
  /** A select narrower than its chosen option's text. */
  | 'option text cut'
  /** A part drawn partly outside the nearest box that clips it (so partly hidden). */
  | 'outside its clipping box'
  /** A part reaching past the window's left or right edge with nothing to scroll it into view. */
  | 'outside the window';

export interface LayoutDefect {
  readonly kind: LayoutDefectKind;
  /** A selector-like path, e.g. `div.status-bar > span.status-text[status]`. */
  readonly where: string;
  readonly text: string;
  /** The sizes that make it a defect, e.g. "content 212 px in a box of 180 px". */
  readonly detail: string;
}

/**
 * Things the check would flag that are meant to be so. Keep it short; each says why. An entry matches an element
 * (CSS selector, tested with Element.matches) and names the kinds it excuses there.
 */
const INTENDED: ReadonlyArray<{ readonly selector: string; readonly kinds: readonly LayoutDefectKind[]; readonly why: string }> = [];

export interface LayoutCheckOptions {
  /** Only what is inside this element (a CSS selector); the whole page by default. */
  readonly root?: string;
  /** Says which picture in the failure message, e.g. "en, 760 px". */
  readonly context?: string;
  /** expect.soft: the test goes on (every picture is taken) and fails at its end with every defect listed. */
  readonly soft?: boolean;
}

/** Every layout defect on screen now (inside `root` when given). */
export async function findLayoutDefects(page: Page, root?: string): Promise<LayoutDefect[]> {
  const found = await page.evaluate(
    ({ rootSelector, intended }) => {
      const scope = rootSelector ? document.querySelector(rootSelector) : document.body;
      if (!scope) throw new Error(`layout check: nothing matches ${rootSelector}`);
      const defects: Array<{ kind: string; where: string; text: string; detail: string }> = [];
      const px = (n: number): string => `${Math.round(n * 10) / 10} px`;
      const viewportWidth = document.documentElement.clientWidth;

      const describe = (el: Element): string => {
        const one = (node: Element): string => {
          const classes = Array.from(node.classList).slice(0, 2);
          const testId = node.getAttribute('data-testid');
          return `${node.tagName.toLowerCase()}${classes.map((c) => `.${c}`).join('')}${testId ? `[${testId}]` : ''}`;
        };
        const parts = [one(el)];
        for (let node = el.parentElement; node && parts.length < 3 && node !== document.body; node = node.parentElement) parts.unshift(one(node));
        return parts.join(' > ');
      };
      const textOf = (el: Element): string => {
        // innerText: the text as laid out (a <br> is a break, not nothing).
        const own = el instanceof HTMLInputElement ? el.value : el instanceof HTMLElement ? el.innerText : (el.textContent ?? '');
        const text = own.replace(/\s+/g, ' ').trim();
        return text.length > 80 ? `${text.slice(0, 79)}…` : text;
      };
      const isShown = (el: Element): boolean => {
        if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
        const box = el.getBoundingClientRect();
        // Visually hidden text for screen readers is 1 px wide on purpose.
        return box.width > 1 && box.height > 1;
      };
      const isIntended = (el: Element, kind: string): boolean => intended.some((entry) => entry.kinds.includes(kind) && el.matches(entry.selector));
      const report = (el: Element, kind: string, detail: string): void => {
        if (!isIntended(el, kind)) defects.push({ kind, where: describe(el), text: textOf(el), detail });
      };

      /** Text laid out by this box itself: a text node among its children or inside its inline children. */
      const hasOwnText = (el: Element): boolean => {
        for (const node of Array.from(el.childNodes)) {
          if (node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim()) return true;
          if (node instanceof Element && getComputedStyle(node).display === 'inline' && hasOwnText(node)) return true;
        }
        return false;
      };
      /** A title on it or on one of the three boxes around it that holds its whole text (what a tooltip shows). */
      const titleHoldsText = (el: Element): boolean => {
        const full = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
        let node: Element | null = el;
        for (let level = 0; node && level < 4; level++, node = node.parentElement) {
          const title = node.getAttribute('title');
          if (title && title.replace(/\s+/g, ' ').includes(full)) return true;
        }
        return false;
      };
      const clips = (overflow: string): boolean => overflow === 'hidden' || overflow === 'clip';
      const scrolls = (overflow: string): boolean => overflow === 'auto' || overflow === 'scroll';

      const all = [scope, ...Array.from(scope.querySelectorAll('*'))].filter((el) => el instanceof HTMLElement && isShown(el)) as HTMLElement[];

      // 1. Text that does not fit its own box.
      for (const el of all) {
        const style = getComputedStyle(el);
        if (style.display === 'inline' || el instanceof HTMLSelectElement) continue;
        const isTextField = el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement;
        // A text field scrolls its value; a long value is not a layout defect.
        if (isTextField || !hasOwnText(el)) continue;
        if (el.scrollWidth > el.clientWidth + 1) {
          const detail = `content ${px(el.scrollWidth)} in a box of ${px(el.clientWidth)}`;
          if (clips(style.overflowX)) {
            if (style.textOverflow !== 'ellipsis') report(el, 'text clipped', detail);
            else if (!titleHoldsText(el)) report(el, 'ellipsis without full text in a title', detail);
          } else if (!scrolls(style.overflowX)) {
            report(el, 'text spills out of its box', detail);
          }
        }
        if (clips(style.overflowY) && style.webkitLineClamp === 'none' && el.scrollHeight > el.clientHeight + 2) {
          report(el, 'text cut at the bottom', `content ${px(el.scrollHeight)} high in a box of ${px(el.clientHeight)}`);
        }
      }

      // 2. A select shows its chosen option's text in full: a copy of it holding only that option, at its natural
      // width (same font, padding, border, appearance), must not be wider than the select.
      const probeHost = document.createElement('div');
      probeHost.style.cssText = 'position:absolute;left:-10000px;top:0;visibility:hidden;';
      document.body.appendChild(probeHost);
      try {
        for (const select of all.filter((el): el is HTMLSelectElement => el instanceof HTMLSelectElement)) {
          const option = select.selectedOptions[0];
          if (!option || !option.text.trim()) continue;
          const style = getComputedStyle(select);
          const probe = document.createElement('select');
          const copy = document.createElement('option');
          copy.text = option.text;
          probe.appendChild(copy);
          for (const property of ['font', 'letter-spacing', 'text-transform', 'padding', 'border', 'box-sizing', 'appearance']) {
            probe.style.setProperty(property, style.getPropertyValue(property));
          }
          probe.style.width = 'auto';
          probe.style.minWidth = '0';
          probeHost.appendChild(probe);
          const needed = probe.getBoundingClientRect().width;
          const has = select.getBoundingClientRect().width;
          if (needed > has + 1) {
            if (!isIntended(select, 'option text cut')) defects.push({ kind: 'option text cut', where: describe(select), text: option.text.trim(), detail: `needs ${px(needed)}, is ${px(has)}` });
          }
        }
      } finally {
        probeHost.remove();
      }

      // 3. Boxes drawn outside what clips them, or outside the window.
      /** The ancestors that can clip `el` (an absolutely placed box escapes boxes below its containing block). */
      const clippingAncestors = (el: HTMLElement): HTMLElement[] => {
        const position = getComputedStyle(el).position;
        if (position === 'fixed') return [];
        const start = position === 'absolute' ? el.offsetParent : el.parentElement;
        const chain: HTMLElement[] = [];
        for (let node = start; node && node !== document.documentElement; node = node.parentElement) {
          if (node instanceof HTMLElement) chain.push(node);
        }
        return chain;
      };
      for (const el of all) {
        if (el === scope && scope === document.body) continue;
        const box = el.getBoundingClientRect();
        const ancestors = clippingAncestors(el);
        let checkedAgainstViewport = true;
        for (const [axis, overflowOf] of [
          ['x', (s: CSSStyleDeclaration) => s.overflowX],
          ['y', (s: CSSStyleDeclaration) => s.overflowY],
        ] as const) {
          const holder = ancestors.find((node) => overflowOf(getComputedStyle(node)) !== 'visible');
          if (!holder) continue;
          const overflow = overflowOf(getComputedStyle(holder));
          if (axis === 'x') checkedAgainstViewport = false;
          // A scrolling box shows the rest when scrolled: a part beyond its view is reachable, not cut.
          if (scrolls(overflow)) continue;
          const outer = holder.getBoundingClientRect();
          const left = outer.left + holder.clientLeft;
          const top = outer.top + holder.clientTop;
          const outside =
            axis === 'x'
              ? box.left < left - 1 || box.right > left + holder.clientWidth + 1
              : box.top < top - 1 || box.bottom > top + holder.clientHeight + 1;
          if (outside) {
            const span = axis === 'x' ? `${px(box.left)}…${px(box.right)} across, its box ${px(left)}…${px(left + holder.clientWidth)}` : `${px(box.top)}…${px(box.bottom)} down, its box ${px(top)}…${px(top + holder.clientHeight)}`;
            report(el, 'outside its clipping box', `${span} (${describe(holder)})`);
          }
        }
        if (checkedAgainstViewport && (box.left < -1 || box.right > viewportWidth + 1)) {
          report(el, 'outside the window', `${px(box.left)}…${px(box.right)} across, the window 0…${px(viewportWidth)}`);
        }
      }
      if (document.documentElement.scrollWidth > viewportWidth + 1) {
        defects.push({ kind: 'outside the window', where: 'html', text: '', detail: `the page is ${px(document.documentElement.scrollWidth)} wide in a window of ${px(viewportWidth)}` });
      }
      return defects;
    },
    { rootSelector: root, intended: INTENDED.map(({ selector, kinds }) => ({ selector, kinds: [...kinds] as string[] })) },
  );
  return found as LayoutDefect[];
}

/** One defect per line: `kind: where "text" (detail)`. */
export function formatDefects(defects: readonly LayoutDefect[]): string[] {
  return defects.map((d) => `${d.kind}: ${d.where}${d.text ? ` "${d.text}"` : ''} (${d.detail})`);
}

/** Nothing on screen (inside `root`) is cut short or drawn outside its box or the window. */
export async function expectNoClippedOrOverflowing(page: Page, options: LayoutCheckOptions = {}): Promise<void> {
  const defects = formatDefects(await findLayoutDefects(page, options.root));
  const message = `text cut or parts drawn outside their box${options.context ? ` (${options.context})` : ''}`;
  if (options.soft) expect.soft(defects, message).toEqual([]);
  else expect(defects, message).toEqual([]);
}
