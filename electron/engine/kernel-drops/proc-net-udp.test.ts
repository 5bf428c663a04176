import { describe, expect, it } from 'vitest';
import { dropsBetween, parseUdpDrops, udpDropsOfInode } from './proc-net-udp';

// As Linux 6.x prints them (header padded with trailing spaces; "sl" right-aligned), trimmed to a few sockets.
const UDP4 = [
  '   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops            ',
  '16322: 0100007F:EA0D 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 3017930 2 000000002b24fa04 0       ',
  '  419: 00000000:0044 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 21334 2 00000000a1b2c3d4 17       ',
  // A socket whose inode is also someone's uid: found by its column, not by the first number that matches.
  ' 9999: 0100007F:1F90 00000000:0000 07 00000000:00001200 00:00000000 00000000  1000        0 1000 2 00000000deadbeef 4294967295',
  '',
].join('\n');

const UDP6 = [
  '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops',
  ' 1052: 00000000000000000000000000000000:1F91 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 3020001 2 00000000c0ffee00 19978',
  ' 1053: 00000000000000000000000001000000:D431 00000000000000000000000001000000:1F90 01 00000000:00000000 00:00000000 00000000     0        0 3020002 2 00000000c0ffee01 0',
].join('\n');

describe('/proc/net/udp{,6} drops', () => {
  it('reads the drops of each IPv4 socket by inode', () => {
    expect(parseUdpDrops(UDP4)).toEqual(
      new Map([
        ['3017930', 0],
        ['21334', 17],
        ['1000', 4294967295],
      ]),
    );
    expect(udpDropsOfInode(UDP4, '21334')).toBe(17);
    expect(udpDropsOfInode(UDP4, '1000')).toBe(4294967295);
    expect(udpDropsOfInode(UDP4, '3017930')).toBe(0);
  });

  it('reads the IPv6 file, whose addresses are longer words in the same columns', () => {
    expect(parseUdpDrops(UDP6)).toEqual(
      new Map([
        ['3020001', 19978],
        ['3020002', 0],
      ]),
    );
    expect(udpDropsOfInode(UDP6, '3020001')).toBe(19978);
  });

  it('says nothing of a socket the file does not list, nor of a number that only appears in another column', () => {
    expect(udpDropsOfInode(UDP4, '3020001')).toBeUndefined();
    // 0 is a uid and a timeout on every line, never an inode.
    expect(udpDropsOfInode(UDP4, '0')).toBeUndefined();
    expect(udpDropsOfInode(UDP4, '2')).toBeUndefined();
    expect(udpDropsOfInode('', '21334')).toBeUndefined();
  });

  it('skips malformed lines instead of making up a count', () => {
    const text = [
      '   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops',
      // too few columns (a kernel without the drops column)
      '   1: 0100007F:EA0D 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 555 2 000000002b24fa04',
      // no "n:" slot
      'xx 0100007F:EA0D 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 556 2 000000002b24fa04 3',
      // drops not a number
      '   3: 0100007F:EA0D 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 557 2 000000002b24fa04 -1',
      // inode not a number
      '   4: 0100007F:EA0D 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 5x8 2 000000002b24fa04 3',
      // drops beyond what a number holds exactly
      '   5: 0100007F:EA0D 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 559 2 000000002b24fa04 99999999999999999999',
      '\u0000garbage\r',
      '   6: 0100007F:EA0D 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 560 2 000000002b24fa04 8\r',
    ].join('\n');
    expect(parseUdpDrops(text)).toEqual(new Map([['560', 8]]));
    for (const inode of ['555', '556', '557', '558', '559']) expect(udpDropsOfInode(text, inode)).toBeUndefined();
    expect(udpDropsOfInode(text, '560')).toBe(8);
  });

  it('counts what was added, across the wrap of the kernel’s 32-bit counter', () => {
    expect(dropsBetween(0, 0)).toBe(0);
    expect(dropsBetween(10, 25)).toBe(15);
    expect(dropsBetween(4294967290, 4)).toBe(10);
  });
});
