import { expect, test } from './fixtures';
import { freePort } from './peers/ports';
import { shootBothLanguages } from './screens';

// Pictures of the main window for people (README, reviews): see shootBothLanguages.

test('screenshots of a UDP conversation in 中文 and English, wide and narrow', async ({ appHost, desk, peers }) => {
  const echo = await peers.socatUdpEcho();
  await desk.chooseProtocol('udp');
  await desk.setLocal('127.0.0.1', await freePort('udp'));
  await desk.open();
  await desk.sendTo(`${echo.host}:${echo.port}`);
  await desk.typeSendAs('ascii');
  await desk.send('hello SocketDesk');
  await expect(desk.entries({ dir: 'rx' })).toHaveCount(1);
  await desk.send('你好');
  await expect(desk.entries({ dir: 'rx' })).toHaveCount(2);

  await shootBothLanguages(appHost, desk, undefined, { docs: true });
});

test('screenshots of a TCP server with clients, HEX view and an error line', async ({ appHost, desk, peers }) => {
  const port = await freePort('tcp');
  await desk.chooseProtocol('tcp-server');
  await desk.setLocal('127.0.0.1', port);
  await desk.open();
  const first = await peers.tcpClient(port);
  const second = await peers.socatClient(port);
  await expect.poll(async () => (await desk.clientOptions()).length).toBe(2);
  first.write('GET / HTTP/1.0\r\n\r\n');
  second.process.write('hello from socat\n');
  await expect(desk.entries({ dir: 'rx' })).toHaveCount(2);
  await desk.typeSendAs('hex');
  await desk.sendTo('all');
  await desk.send('48 65 6C 6C 6F 0D 0A');
  await expect(desk.entries({ dir: 'tx' })).not.toHaveCount(0);
  await desk.showReceivedAs('hex');
  await desk.send('0G');
  await expect(desk.error).toBeVisible();

  await shootBothLanguages(appHost, desk, 'tcp-server');
});

test('screenshots of a TCP client talking to an echo server, with long lines', async ({ appHost, desk, peers }) => {
  const echo = await peers.ncatTcpEcho();
  await desk.chooseProtocol('tcp-client');
  await desk.setRemote(echo.host, echo.port);
  await desk.open();
  await desk.typeSendAs('ascii');
  const longLine = 'A long line that does not fit in a narrow window: '.repeat(4).trim();
  await desk.send(longLine);
  await desk.expectCounter('rx', { bytes: longLine.length });
  await desk.page.getByRole('checkbox', { name: 'Wrap lines' }).check();
  await desk.send('line one\r\nline two');

  await shootBothLanguages(appHost, desk, 'tcp-client');
});
