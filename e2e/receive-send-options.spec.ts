import { expect, test } from './fixtures';
import type { Desk } from './desk';
import type { UdpPeer } from './peers/node-peers';
import { freePort } from './peers/ports';

/** The 接收设置 / 发送设置 options, with a Node UDP peer that records exactly what arrived. */
test.describe('receive and send options', () => {
  async function openUdpWith(desk: Desk, peer: UdpPeer): Promise<number> {
    const localPort = await freePort('udp');
    await desk.chooseProtocol('udp');
    await desk.setLocal('127.0.0.1', localPort);
    await desk.open();
    await desk.sendTo(peer.address);
    return localPort;
  }

  test('escapes and AT CR LF change the bytes that go out; history remembers what was sent', async ({ desk, peers }) => {
    const peer = await peers.udpPeer();
    await openUdpWith(desk, peer);
    const page = desk.page;

    await page.getByRole('checkbox', { name: 'Parse escapes' }).check();
    await desk.send('A\\tB\\x41\\\\');
    await expect.poll(() => peer.received.map((d) => d.data.toString('latin1'))).toEqual(['A\tBA\\']);

    await page.getByRole('checkbox', { name: 'Parse escapes' }).uncheck();
    await page.getByRole('checkbox', { name: /Append CR LF/ }).check();
    await desk.send('AT');
    await expect.poll(() => peer.received.map((d) => d.data.toString('latin1'))).toEqual(['A\tBA\\', 'AT\r\n']);
    await desk.expectCounter('tx', { bytes: 5 + 4, frames: 2 });

    // 历史发送 offers what was sent, labelled with the options that shaped its bytes (issue 8: "[ASCII CRLF] AT",
    // "[ASCII \\] …"); picking it puts it back in the send box.
    const history = page.getByTestId('send-history');
    await expect(history.locator('option', { hasText: '[ASCII CRLF] AT' })).toHaveCount(1);
    await expect(history.locator('option', { hasText: '[ASCII \\] A\\tB' })).toHaveCount(1);
    await desk.page.getByTestId('send-input').fill('');
    await history.selectOption({ label: '[ASCII CRLF] AT' });
    await expect(page.getByTestId('send-input')).toHaveValue('AT');
  });

  test('pausing the display still counts everything and says what it did not show', async ({ desk, peers }) => {
    const peer = await peers.udpPeer();
    const localPort = await openUdpWith(desk, peer);

    await peer.send('before', localPort);
    await expect(desk.entries({ dir: 'rx' })).toHaveCount(1);

    await desk.page.getByRole('checkbox', { name: 'Pause display' }).check();
    for (const word of ['one', 'two', 'three']) await peer.send(word, localPort);
    await desk.expectCounter('rx', { bytes: 6 + 3 + 3 + 5, frames: 4 });
    await expect(desk.entries({ dir: 'rx' })).toHaveCount(1);

    await desk.page.getByRole('checkbox', { name: 'Pause display' }).uncheck();
    await expect(desk.log.getByTestId('log-gap')).toContainText('3 frames not displayed');
    await peer.send('after', localPort);
    await expect(desk.entries({ dir: 'rx' }).last()).toContainText('after');
  });

  test('hiding received data hides it from the log but not from the counters; clearing empties the log only', async ({ desk, peers }) => {
    const peer = await peers.udpPeer();
    const localPort = await openUdpWith(desk, peer);

    await desk.page.getByRole('checkbox', { name: 'Hide received data' }).check();
    await peer.send('secret', localPort);
    await desk.expectCounter('rx', { bytes: 6, frames: 1 });
    await desk.send('visible');
    await expect(desk.entries({ dir: 'tx' })).toHaveCount(1);
    await expect(desk.entries({ dir: 'rx' })).toHaveCount(0);

    await desk.page.getByTestId('log-clear').click();
    await expect(desk.entries()).toHaveCount(0);
    await desk.expectCounter('rx', { bytes: 6, frames: 1 });
    await desk.expectCounter('tx', { bytes: 7, frames: 1 });
  });

  test('a UDP target that is not ip:port is refused before sending', async ({ desk, peers }) => {
    const peer = await peers.udpPeer();
    await openUdpWith(desk, peer);
    await desk.sendTo('127.0.0.1');
    await desk.send('lost?');
    await expect(desk.error).toContainText('ip:port');
    await desk.expectCounter('tx', { bytes: 0, frames: 0 });
    expect(peer.received).toEqual([]);
  });
});
