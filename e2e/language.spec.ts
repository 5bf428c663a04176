import { expect, test } from './fixtures';

test.describe('language', () => {
  test.use({ locale: 'zh-CN' });

  test('a Chinese system starts in 中文; switching to English sticks across a reload', async ({ desk }) => {
    await expect(desk.page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(desk.openToggle).toHaveText(/打开/);
    await expect(desk.page.getByText('网络设置')).toBeVisible();

    await desk.switchLanguage('en');
    await expect(desk.openToggle).toHaveText(/Open/);
    await expect(desk.page.getByText('Network', { exact: true })).toBeVisible();

    await desk.page.reload();
    await expect(desk.page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(desk.openToggle).toHaveText(/Open/);
  });
});
