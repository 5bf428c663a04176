import { expect, test } from './fixtures';

/**
 * DESIGN §3: the log keeps up to its capacity and draws only what is visible. A million frames (put in through
 * the page's ?bench=1 seam, the same ingest path as real traffic) are all reachable: the first, the last, and
 * HEX shows the visible rows at once.
 */
test.describe('log pane', () => {
  test('a million frames: Top/Bottom and Home/End reach both ends, HEX re-formats what is visible, the capacity survives a reload', async ({ appHost, desk }) => {
    test.skip(appHost.kind !== 'browser' || !appHost.url, 'the ?bench=1 seam is reached through the browser host URL, not the Electron window');
    const page = desk.page;
    await page.goto(`${appHost.url}&bench=1`);
    await page.getByTestId('recv-capacity').selectOption('1000000');
    await page.evaluate(() => (window as unknown as { socketdeskBench: { fillLog(n: number, b: number): Promise<number> } }).socketdeskBench.fillLog(1_000_000, 16));
    await expect(page.getByText('1,000,000 entries')).toBeVisible();

    const firstRow = desk.entries().first();
    const lastRow = desk.entries().last();
    await page.getByTestId('log-top').click();
    await expect(firstRow).toContainText('#1 ');
    await expect(firstRow).toBeInViewport();
    await page.getByTestId('log-bottom').click();
    await expect(lastRow).toContainText('#1000000');
    await expect(lastRow).toBeInViewport();

    await desk.log.press('Home');
    await expect(firstRow).toContainText('#1 ');
    await desk.log.press('End');
    await expect(lastRow).toContainText('#1000000');

    await desk.showReceivedAs('hex');
    await expect(lastRow).toContainText('23 31 30 30 30 30 30 30'); // "#1000000"

    await page.reload();
    await expect(page.getByTestId('recv-capacity')).toHaveValue('1000000');
  });
});
