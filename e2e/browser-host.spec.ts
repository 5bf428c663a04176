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

test('when the host goes away the page keeps trying; a host restarted with a new token makes it say its token is stale', async ({ appHost, desk }) => {
  test.skip(!appHost.restartHost, 'browser host only: under Electron the engine lives in the app and cannot go away alone');
  await desk.chooseProtocol('udp');
  await desk.setLocal('127.0.0.1', await freePort('udp'));
  await desk.open();

  await appHost.stopHost?.();

  // Down, not gone for good: the WebSocket transport retries with back-off, and nothing can be opened meanwhile.
  const banner = desk.page.getByTestId('host-banner');
  await expect(banner).toHaveAttribute('data-link', 'reconnecting');
  await expect(banner).toHaveText('Connection to the SocketDesk host lost — reconnecting…');
  await expect(desk.openToggle).toBeDisabled();

  // A new host process on the SAME address (same port, same settings directory) but with a new random token, as
  // after `npm run serve` is run again with a fixed --port. The page's next attempt reaches it and is refused; the
  // page then asks GET /api/token-check, which answers 401, and it stops retrying with the stale-token sentence.
  // (A page pointed at a running host with a wrong token from the start would show no-token/bad-token without
  // ever having been connected; only a restart on the same port exercises "this page was fine, then its token
  // went stale".) Back-off is at most 5 s ±20 % between attempts, hence the longer wait.
  const oldUrl = new URL(appHost.url ?? '');
  const newUrl = new URL(await appHost.restartHost!({ samePort: true }));
  expect(newUrl.port, 'the new host listens where the old one did').toBe(oldUrl.port);
  expect(newUrl.searchParams.get('token')).not.toBe(oldUrl.searchParams.get('token'));

  await expect(banner).toHaveAttribute('data-link', 'bad-token', { timeout: 15_000 });
  await expect(banner).toHaveText(
    "This page's access token is no longer valid (the host was restarted). Open the address that npm run serve printed.",
  );
  // The old host's sessions died with it: the tab shows its session closed, and nothing can be opened from here.
  await expect(desk.openToggle).toHaveAttribute('data-state', 'closed');
  await expect(desk.openToggle).toBeDisabled();
  await expect(desk.activeTab).toHaveAttribute('data-state', 'closed');

  // The same sentence in 中文.
  await desk.switchLanguage('zh');
  await expect(banner).toContainText('本页面的访问令牌已失效');

  // The address the new host printed works.
  await desk.page.goto(newUrl.href);
  await expect(desk.openToggle).toBeEnabled();
  await expect(banner).toHaveCount(0);
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
