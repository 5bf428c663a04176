import { expect, test } from './fixtures';
import { freePort } from './peers/ports';

/** Both hosts: a clean console is how we notice a CSP, transport or React problem no story trips over. */
test('the page loads and works without console errors (CSP included)', async ({ desk, peers }) => {
  const problems: string[] = [];
  desk.page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
  });
  await desk.page.reload();
  await expect(desk.openToggle).toBeVisible();

  const echo = await peers.socatUdpEcho();
  await desk.chooseProtocol('udp');
  await desk.setLocal('127.0.0.1', await freePort('udp'));
  await desk.open();
  await desk.sendTo(`${echo.host}:${echo.port}`);
  await desk.send('csp?');
  await expect(desk.entries({ dir: 'rx' })).toHaveCount(1);
  await desk.close();

  expect(problems).toEqual([]);
});
