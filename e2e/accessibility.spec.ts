import { expect, test } from './fixtures';
import type { Protocol } from './desk';

/**
 * Every control can be found by what it is called, not by where it is: a screen reader (and a Playwright
 * getByRole) needs a name from a <label>, aria-label(ledby) or title. A placeholder is a hint, not a name.
 */
test('every field, list and button has an accessible name, for every protocol', async ({ desk }) => {
  const nameless: string[] = [];
  for (const protocol of ['udp', 'tcp-client', 'tcp-server'] satisfies Protocol[]) {
    await desk.chooseProtocol(protocol);
    const found = await desk.page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('input, select, textarea, button'))
        .filter((el) => !(el instanceof HTMLInputElement && el.type === 'hidden'))
        .filter((el) => {
          const labelled = 'labels' in el && (el as HTMLInputElement).labels !== null && (el as HTMLInputElement).labels!.length > 0;
          const aria = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.getAttribute('title');
          const text = el.tagName === 'BUTTON' ? el.textContent?.trim() : '';
          return !labelled && !aria && !text;
        })
        .map((el) => `${el.tagName.toLowerCase()}[data-testid=${el.dataset.testid ?? '?'}]`),
    );
    nameless.push(...found.map((control) => `${protocol}: ${control}`));
  }
  expect(nameless, 'controls without an accessible name').toEqual([]);
});

test('the two ASCII/HEX choices say which is which', async ({ desk }) => {
  const groups = desk.page.getByRole('radiogroup');
  await expect(groups).toHaveCount(2);
  for (const group of await groups.all()) await expect(group).toHaveAccessibleName(/\S/);
});
