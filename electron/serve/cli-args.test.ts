import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { parseCliArgs, USAGE } from './cli-args';

describe('serve command line', () => {
  it('defaults to loopback on a free port', () => {
    expect(parseCliArgs([])).toEqual({ ok: true, command: { kind: 'serve', host: '127.0.0.1', port: 0 } });
  });

  it('takes --host and --port in both spellings', () => {
    expect(parseCliArgs(['--host', '0.0.0.0', '--port', '8080'])).toEqual({ ok: true, command: { kind: 'serve', host: '0.0.0.0', port: 8080 } });
    expect(parseCliArgs(['--host=[::1]', '--port=0'])).toEqual({ ok: true, command: { kind: 'serve', host: '::1', port: 0 } });
    expect(parseCliArgs(['--host', 'localhost'])).toMatchObject({ ok: true, command: { host: 'localhost' } });
  });

  it('takes --data-dir, made absolute; absent means the default', () => {
    expect(parseCliArgs(['--data-dir', '/tmp/sd'])).toEqual({ ok: true, command: { kind: 'serve', host: '127.0.0.1', port: 0, dataDir: '/tmp/sd' } });
    expect(parseCliArgs(['--data-dir=rel/dir'])).toMatchObject({ ok: true, command: { dataDir: resolve('rel/dir') } });
    expect(parseCliArgs(['--data-dir'])).toMatchObject({ ok: false, message: expect.stringMatching(/--data-dir needs a value/) });
    expect(USAGE).toMatch(/--data-dir DIR/);
    expect(USAGE).toMatch(/SOCKETDESK_DATA_DIR/);
  });

  it('shows help', () => {
    expect(parseCliArgs(['--port', '1', '--help'])).toEqual({ ok: true, command: { kind: 'help' } });
    expect(parseCliArgs(['-h'])).toEqual({ ok: true, command: { kind: 'help' } });
  });

  it.each([
    [['--port', '70000'], /--port must be an integer from 0 to 65535/],
    [['--port', '-1'], /--port must be/],
    [['--port', '1.5'], /--port must be/],
    [['--port'], /--port needs a value/],
    [['--host', 'not a host'], /--host must be an IP address or localhost/],
    [['--host='], /--host needs a value/],
    [['--verbose'], /unknown argument "--verbose"/],
    [['serve'], /unknown argument "serve"/],
  ])('rejects %j with one clear line', (argv, message) => {
    const parsed = parseCliArgs(argv);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.message).toMatch(message);
      expect(parsed.message).not.toContain('\n');
    }
  });
});
