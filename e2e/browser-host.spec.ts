import { WebSocket } from 'ws';
import { expect, test } from './fixtures';
import { freePort } from './peers/ports';
import { withTimeout } from './peers/wait';

/** The browser host lets in only the page that holds its token (DESIGN §5). */
test('a page opened without the token is told to use the printed address, and cannot open sockets', async ({ appHost }) => {
  test.skip(appHost.kind !== 'browser', 'browser host only: the Electron host has no token or WebSocket to check');
  const withoutToken = new URL(appHost.url ?? '');
  withoutToken.search = '';
  const stranger = await appHost.page.context().newPage();
  await stranger.goto(withoutToken.href);

  await expect(stranger.getByTestId('host-banner')).toContainText(/token/i);
  // Without a host there is nothing to open: the button says so by being disabled.
  await expect(stranger.getByTestId('open-toggle')).toBeDisabled();
  await expect(stranger.getByTestId('open-toggle')).toHaveAttribute('data-state', 'closed');

  // A wrong token is no better than none.
  const wrongToken = new URL(appHost.url ?? '');
  wrongToken.searchParams.set('token', 'not-the-token');
  await stranger.goto(wrongToken.href);
  await expect(stranger.getByTestId('host-banner')).toBeVisible();
  await stranger.close();

  // The real page is unaffected.
  await expect(appHost.page.getByTestId('host-banner')).toHaveCount(0);
});

test('the host refuses WebSockets without the token or from a foreign page', async ({ appHost }) => {
  test.skip(appHost.kind !== 'browser', 'browser host only: the Electron host has no token or WebSocket to check');
  const page = new URL(appHost.url ?? '');
  const token = page.searchParams.get('token') ?? '';
  const socketUrl = (query: string) => `ws://${page.host}/ws${query}`;
  const origin = page.origin;

  expect(await tryWebSocket(socketUrl(`?token=${encodeURIComponent(token)}`), origin), 'the real page').toBe('open');
  expect(await tryWebSocket(socketUrl(''), origin), 'no token').toMatch(/^refused/);
  expect(await tryWebSocket(socketUrl('?token=wrong'), origin), 'wrong token').toMatch(/^refused/);
  expect(await tryWebSocket(socketUrl(`?token=${encodeURIComponent(token)}`), 'http://evil.example'), 'foreign origin').toMatch(/^refused/);
});

test('when the host goes away, the page says so and shows the session closed', async ({ appHost, desk }) => {
  test.skip(!appHost.stopHost, 'browser host only: under Electron the engine lives in the app and cannot go away alone');
  await desk.chooseProtocol('udp');
  await desk.setLocal('127.0.0.1', await freePort('udp'));
  await desk.open();

  await appHost.stopHost?.();

  await expect(desk.page.getByTestId('host-banner')).toContainText('connection to the SocketDesk host was lost');
  await expect(desk.openToggle).toHaveAttribute('data-state', 'closed');
  await expect(desk.openToggle).toBeDisabled();
});

/** Opens a WebSocket from Node with a chosen Origin: "open", or "refused …" with the HTTP status. */
async function tryWebSocket(url: string, origin: string): Promise<string> {
  const socket = new WebSocket(url, { origin });
  return withTimeout(
    `WebSocket ${url} to open or be refused`,
    new Promise<string>((resolve) => {
      socket.once('open', () => {
        socket.close();
        resolve('open');
      });
      socket.once('unexpected-response', (_request, response) => {
        resolve(`refused ${response.statusCode}`);
        socket.terminate();
      });
      socket.once('error', (error) => resolve(`refused (${error.message})`));
    }),
    5_000,
  );
}
