import { expect, test } from './fixtures';
import { freePort } from './peers/ports';

/**
 * Mistakes and refusals are explained in the user's language (DESIGN §2: the renderer turns error codes into
 * localized sentences), and they leave the session closed with nothing sent.
 */
test.describe('errors, in English and 中文', () => {
  test('a UDP port another program holds is reported as already in use', async ({ desk, peers }) => {
    const holder = await peers.holdUdpPort();
    await desk.chooseProtocol('udp');
    await desk.setLocal('127.0.0.1', holder.port);

    await desk.switchLanguage('en');
    await desk.openToggle.click();
    await expect(desk.error).toContainText('already in use');
    await expect(desk.openToggle).toHaveAttribute('data-state', 'closed');

    await desk.switchLanguage('zh');
    await desk.openToggle.click();
    await expect(desk.error).toContainText('已被占用');
    await expect(desk.openToggle).toHaveAttribute('data-state', 'closed');
  });

  test('a TCP port another program listens on is reported as already in use', async ({ desk, peers }) => {
    const holder = await peers.holdTcpPort();
    await desk.chooseProtocol('tcp-server');
    await desk.setLocal('127.0.0.1', holder.port);

    await desk.switchLanguage('zh');
    await desk.openToggle.click();
    await expect(desk.error).toContainText('已被占用');
    await expect(desk.error).toContainText(String(holder.port));
    await expect(desk.openToggle).toHaveAttribute('data-state', 'closed');

    await desk.switchLanguage('en');
    await desk.openToggle.click();
    await expect(desk.error).toContainText('already in use');
    await expect(desk.openToggle).toHaveAttribute('data-state', 'closed');
  });

  test('invalid HEX names the bad character and where it is, and sends nothing', async ({ desk, peers }) => {
    const peer = await peers.udpPeer();
    await desk.chooseProtocol('udp');
    await desk.setLocal('127.0.0.1', await freePort('udp'));
    await desk.open();
    await desk.sendTo(peer.address);
    await desk.typeSendAs('hex');

    await desk.switchLanguage('en');
    await desk.send('0G');
    // "G" is the 2nd character typed.
    await expect(desk.error).toContainText(/G/);
    await expect(desk.error).toContainText(/\b2\b/);
    await expect(desk.error).toContainText(/position|HEX/i);

    await desk.switchLanguage('zh');
    await desk.send('0G');
    await expect(desk.error).toContainText(/\b2\b/);
    await expect(desk.error).toContainText(/位置|第/);

    await expect(desk.entries({ dir: 'tx' })).toHaveCount(0);
    await desk.expectCounter('tx', { bytes: 0, frames: 0 });
    expect(peer.received).toEqual([]);
    await expect(desk.openToggle).toHaveAttribute('data-state', 'open');
  });

  test('port 70000 is refused before anything is opened', async ({ desk }) => {
    await desk.chooseProtocol('udp');
    await desk.setLocal('127.0.0.1', 70000);

    await desk.switchLanguage('en');
    await desk.openToggle.click();
    await expect(desk.error).toContainText(/port/i);
    await expect(desk.error).toContainText(/65535|1.{1,5}65535|range|invalid/i);
    await expect(desk.openToggle).toHaveAttribute('data-state', 'closed');

    await desk.switchLanguage('zh');
    await desk.openToggle.click();
    await expect(desk.error).toContainText(/端口/);
    await expect(desk.openToggle).toHaveAttribute('data-state', 'closed');
  });

  test('a refused connection says so and stays disconnected', async ({ desk }) => {
    // Nothing listens on a port that was just freed.
    const port = await freePort('tcp');
    await desk.chooseProtocol('tcp-client');
    await desk.setRemote('127.0.0.1', port);

    await desk.switchLanguage('en');
    await desk.openToggle.click();
    await expect(desk.error).toContainText(/refused/i);
    await expect(desk.openToggle).toHaveAttribute('data-state', 'closed');

    await desk.switchLanguage('zh');
    await desk.openToggle.click();
    await expect(desk.error).toContainText(/拒绝/);
    await expect(desk.openToggle).toHaveAttribute('data-state', 'closed');
    await desk.expectCounter('tx', { bytes: 0, frames: 0 });
  });
});
