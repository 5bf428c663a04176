import { expect, test } from './fixtures';

test.describe('settings', () => {
  test('protocol, port and send/receive options survive a reload', async ({ desk }) => {
    const page = desk.page;
    await desk.chooseProtocol('tcp-server');
    await desk.setLocal('127.0.0.1', 9123);
    await desk.typeSendAs('hex');
    await desk.showReceivedAs('hex');
    await page.getByTestId('recv-wrap').check();
    await page.getByTestId('send-crlf').check();

    // Reloaded right away: the change still in its quiet period is written as the page goes away.
    await page.reload();

    await expect(page.getByTestId('protocol')).toHaveValue('tcp-server');
    await expect(page.getByTestId('local-port')).toHaveValue('9123');
    await expect(page.getByTestId('send-hex')).toBeChecked();
    await expect(page.getByTestId('recv-hex')).toBeChecked();
    await expect(page.getByTestId('recv-wrap')).toBeChecked();
    await expect(page.getByTestId('send-crlf')).toBeChecked();
  });

  test('a fresh settings directory starts from the defaults', async ({ desk }) => {
    await expect(desk.page.getByTestId('protocol')).toHaveValue('udp');
    await expect(desk.page.getByTestId('local-port')).toHaveValue('8080');
    await expect(desk.page.getByTestId('send-ascii')).toBeChecked();
  });
});
