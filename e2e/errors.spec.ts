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
    await expect(desk.error).toHaveText('Invalid HEX: character 2 "G" is not a hex digit');

    await desk.switchLanguage('zh');
    await desk.send('0G');
    await expect(desk.error).toHaveText('HEX 格式错误：第 2 个字符“G”不是十六进制数字');

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
    await expect(desk.error).toHaveText('Local port must be a whole number from 0 to 65535 (0 = any port)');
    await expect(desk.openToggle).toHaveAttribute('data-state', 'closed');

    await desk.switchLanguage('zh');
    await desk.openToggle.click();
    await expect(desk.error).toHaveText('本地主机端口必须是 0–65535 之间的整数（0 = 任意端口）');
    await expect(desk.openToggle).toHaveAttribute('data-state', 'closed');
  });

  test('a refused connection says so and stays disconnected', async ({ desk }) => {
    // Nothing listens on a port that was just freed.
    const port = await freePort('tcp');
    await desk.chooseProtocol('tcp-client');
    await desk.setRemote('127.0.0.1', port);

    await desk.switchLanguage('en');
    await desk.openToggle.click();
    await expect(desk.error).toHaveText(`Connection refused: nothing is listening on 127.0.0.1:${port}`);
    await expect(desk.openToggle).toHaveAttribute('data-state', 'closed');

    await desk.switchLanguage('zh');
    await desk.openToggle.click();
    await expect(desk.error).toHaveText(`连接被拒绝：127.0.0.1:${port} 没有在监听`);
    await expect(desk.openToggle).toHaveAttribute('data-state', 'closed');
    await desk.expectCounter('tx', { bytes: 0, frames: 0 });
  });
});
