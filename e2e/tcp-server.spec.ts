import { expect, test } from './fixtures';
import { freePort } from './peers/ports';

test.describe('TCP server', () => {
  test('serves three clients: one at a time, all together, and kicks one out', async ({ desk, peers }) => {
    const port = await freePort('tcp');
    await desk.chooseProtocol('tcp-server');
    await desk.setLocal('127.0.0.1', port);
    await desk.open();

    const alice = await peers.ncatClient(port);
    const bob = await peers.socatClient(port);
    const carol = await peers.tcpClient(port);
    const key = (localPort: number) => `127.0.0.1:${localPort}`;
    const [a, b, c] = [key(alice.localPort), key(bob.localPort), key(carol.localPort)];

    // 连接对象 lists every client.
    await expect.poll(() => desk.clientOptions()).toEqual([a, b, c].sort());
    await expect(desk.status).toContainText('3 connections');

    // What the clients say shows up with who said it.
    alice.process.write('from alice');
    bob.process.write('from bob');
    carol.write('from carol');
    await expect(desk.entries({ dir: 'rx', peer: a })).toContainText('from alice');
    await expect(desk.entries({ dir: 'rx', peer: b })).toContainText('from bob');
    await expect(desk.entries({ dir: 'rx', peer: c })).toContainText('from carol');
    await desk.expectCounter('rx', { bytes: 'from alice'.length + 'from bob'.length + 'from carol'.length });

    // To one client: only bob hears it.
    await desk.typeSendAs('ascii');
    await desk.sendTo(b);
    await desk.send('just bob;');
    await bob.process.waitForStdout('just bob;');
    await expect(desk.entries({ dir: 'tx', peer: b })).toContainText('just bob;');

    // To all: everyone hears it.
    await desk.sendTo('all');
    await desk.send('everyone;');
    await alice.process.waitForStdout('everyone;');
    await bob.process.waitForStdout('everyone;');
    await expect.poll(() => carol.received.toString('latin1')).toBe('everyone;');
    expect(alice.process.stdout.toString('latin1')).toBe('everyone;');
    expect(carol.received.toString('latin1')).not.toContain('just bob;');
    await desk.expectCounter('tx', { bytes: 'just bob;'.length + 3 * 'everyone;'.length });

    // Kick bob: his socat sees the connection end and exits; he leaves the list.
    await desk.sendTo(b);
    await desk.page.getByTestId('kick-client').click();
    await bob.process.waitForExit();
    await expect.poll(() => desk.clientOptions()).toEqual([a, c].sort());
    await expect(desk.status).toContainText('2 connections');
    expect(alice.process.hasExited).toBe(false);
    expect(carol.isClosed).toBe(false);

    // A client that hangs up by itself (a reset) leaves the list too. (A FIN alone only says it finished sending:
    // such a client stays listed, marked, for a reply: tcp-half-close.spec.ts.)
    carol.reset();
    await expect.poll(() => desk.clientOptions()).toEqual([a]);

    // Closing the server lets go of the port: it can be opened again at once.
    await desk.close();
    await desk.open();
    await desk.close();
  });

  test('counts a megabyte from a client exactly and stays responsive', async ({ desk, peers }) => {
    const port = await freePort('tcp');
    await desk.chooseProtocol('tcp-server');
    await desk.setLocal('127.0.0.1', port);
    await desk.open();

    const client = await peers.tcpClient(port);
    const megabyte = Buffer.alloc(1024 * 1024, 'SocketDesk ');
    client.write(megabyte);

    await desk.expectCounter('rx', { bytes: megabyte.length });
    await expect(desk.entries({ dir: 'rx' }).first()).toBeVisible();

    // Still answers at once after the flood.
    await desk.typeSendAs('ascii');
    await desk.sendTo(`127.0.0.1:${client.localPort}`);
    await desk.send('got it');
    await expect.poll(() => client.received.toString('latin1')).toBe('got it');
  });

  test('sending to All with nobody connected says so, and sends nothing', async ({ desk }) => {
    await desk.chooseProtocol('tcp-server');
    await desk.setLocal('127.0.0.1', await freePort('tcp'));
    await desk.open();

    await desk.sendTo('all');
    await desk.send('anyone?');

    await expect(desk.error).toBeVisible();
    // "all" is not a connection: the sentence must not name it as one ("Connection all no longer exists").
    await expect(desk.error).not.toContainText(/Connection all|连接 all/);
    await desk.switchLanguage('zh');
    await expect(desk.error).not.toContainText(/连接 all/);
    await desk.expectCounter('tx', { bytes: 0, frames: 0 });
  });
});
