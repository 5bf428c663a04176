import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir } from './data-dir';

const home = '/home/ada';

describe('default data directory of the browser host', () => {
  it('follows the XDG Base Directory spec on Linux', () => {
    expect(defaultDataDir({}, 'linux', home)).toBe('/home/ada/.config/socketdesk');
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/tmp/cfg' }, 'linux', home)).toBe('/tmp/cfg/socketdesk');
    // A relative XDG_CONFIG_HOME is invalid per the spec and ignored.
    expect(defaultDataDir({ XDG_CONFIG_HOME: 'cfg' }, 'linux', home)).toBe('/home/ada/.config/socketdesk');
  });

  it('uses the platform folders on macOS and Windows', () => {
    expect(defaultDataDir({}, 'darwin', home)).toBe('/home/ada/Library/Application Support/socketdesk');
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'win32', home)).toBe(join('C:\\Users\\ada\\AppData\\Roaming', 'socketdesk'));
  });

  it('lets SOCKETDESK_DATA_DIR override everything, relative to the working directory', () => {
    expect(defaultDataDir({ SOCKETDESK_DATA_DIR: '/srv/sd', XDG_CONFIG_HOME: '/tmp/cfg' }, 'linux', home)).toBe('/srv/sd');
    expect(defaultDataDir({ SOCKETDESK_DATA_DIR: 'rel' }, 'linux', home)).toBe(resolve('rel'));
  });
});
