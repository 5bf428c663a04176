import { expect, test } from './fixtures';

test.describe('TCP client', () => {
  test('sends HEX bytes to an ncat echo server and reads them back as HEX', async ({ desk, peers }) => {
    const echo = await peers.ncatTcpEcho();
    const server = `${echo.host}:${echo.port}`;

    await desk.chooseProtocol('tcp-client');
    await desk.setRemote(echo.host, echo.port);
    await desk.open();

    await desk.typeSendAs('hex');
    await desk.showReceivedAs('hex');
    await desk.send('01 02 0A FF');

    await expect(desk.entries({ dir: 'tx', peer: server })).toHaveCount(1);
    await expect(desk.entries({ dir: 'tx', peer: server })).toContainText('01 02 0A FF');
    // TCP is a stream: the echo may come back in pieces, so read all rx entries together.
    await expect.poll(async () => (await desk.entries({ dir: 'rx', peer: server }).allInnerTexts()).join(' ')).toContain('01 02 0A FF');
    await desk.expectCounter('tx', { bytes: 4, frames: 1 });
    await desk.expectCounter('rx', { bytes: 4 });

    await desk.close();
    await expect(desk.status).toContainText(/Not open|closed/);
  });

  test('the server goes away: its FIN is shown, and the next send finds it gone and says so', async ({ desk, peers }) => {
    const echo = await peers.ncatTcpEcho();

    await desk.chooseProtocol('tcp-client');
    await desk.setRemote(echo.host, echo.port);
    await desk.open();

    // ncat's end closes its socket: a FIN, which only says the peer finished sending (issue 10: half-close). The
    // tab stays connected, plainly, with no error line.
    await echo.process.stop();
    await expect(desk.entries({ dir: 'event' }).last()).toContainText('Peer finished sending (FIN)');
    await expect(desk.openToggle).toHaveAttribute('data-state', 'open');
    await expect(desk.status).toContainText('the peer finished sending');
    await expect(desk.error).toHaveCount(0);

    // Nobody is left to read: the peer's system answers what we send with a reset, and the tab says so, once.
    await desk.typeSendAs('ascii');
    await desk.send('anyone there?');
    await expect(desk.openToggle).toHaveAttribute('data-state', 'closed');
    await expect(desk.status).toHaveText('TCP Client closed: the connection was reset by the peer');
    await expect(desk.error).toHaveCount(0);
    await expect(desk.entries({ dir: 'event' }).last()).toContainText('Disconnected: the connection was reset by the peer');
    // Nothing left to send to: sending now must not pretend to work.
    await desk.send('still there?');
    await expect(desk.error).toContainText('not open');
    await expect(desk.entries({ dir: 'tx' })).toHaveCount(1);
  });
});

test.describe('TCP client, quick peers', () => {
  test('a server that greets and hangs up at once: the greeting is shown, then its FIN; the user closes', async ({ desk, peers }) => {
    const greeter = await peers.ncatGreeter('220 ready\r\n');

    await desk.chooseProtocol('tcp-client');
    await desk.setRemote('localhost', greeter.port);
    await desk.showReceivedAs('ascii');
    await desk.openToggle.click();

    await expect(desk.entries({ dir: 'rx', peer: `127.0.0.1:${greeter.port}` })).toContainText('220 ready');
    // Its FIN only says it finished sending (issue 10): the tab stays connected until the user closes it.
    await expect(desk.entries({ dir: 'event' }).last()).toContainText('Peer finished sending (FIN)');
    await expect(desk.openToggle).toHaveAttribute('data-state', 'open');
    await desk.expectCounter('rx', { bytes: 11, frames: 1 });
    await desk.close();
  });
});
