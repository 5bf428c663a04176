import { describe, expect, it } from 'vitest';
import { translate, type Lang } from '../i18n/i18n';
import { parsePacketSenderIni, unescapeKey, unescapeValue } from './packet-sender-ini';
import { packetSenderReport } from './quick-import-text';

/** As Packet Sender's Packet::saveToDB writes it through QSettings (IniFormat), plus the list of names. */
const SAMPLE = [
  '[General]',
  'packetNames\\size=5',
  '',
  '[Hello%20World]',
  'name=Hello World',
  'fromIP=You',
  'repeat=0',
  'toIP=192.168.1.10',
  'port=5000',
  'fromPort=0',
  'tcpOrUdp=TCP',
  'sendResponse=0',
  'hexString=48 65 6C 6C 6F',
  'requestPath=',
  'timestamp="Mon, 1 Jan 2024 10:00:00"',
  '',
  '[%U4F60%U597D]',
  'name=\\x4f60\\x597d',
  'tcpOrUdp=UDP',
  'hexString=01 02 03',
  '',
  '[Empty]',
  'name=Empty',
  'tcpOrUdp=UDP',
  'hexString=',
  '',
  '[Broken]',
  'name=Broken',
  'tcpOrUdp=TCP',
  'hexString=0G 12',
  '',
  '[Web]',
  'name=Web',
  'tcpOrUdp=HTTP Get',
  'hexString=61',
].join('\r\n');

describe('Packet Sender packets.ini', () => {
  it('imports each packet by name as a HEX command and says which were skipped and why', () => {
    const result = parsePacketSenderIni(SAMPLE)!;
    expect(result.commands.map((c) => [c.name, c.group, c.spec.mode, c.spec.text])).toEqual([
      ['Hello World', 'Packet Sender', 'hex', '48 65 6C 6C 6F'],
      ['你好', 'Packet Sender', 'hex', '01 02 03'],
    ]);
    expect(result.skipped.map((s) => [s.name, s.reason])).toEqual([
      ['Empty', 'noPayload'],
      ['Broken', 'badHex'],
      ['Web', 'http'],
    ]);
  });

  it('says why packets were skipped in the page’s language, the bad HEX with its character and position', () => {
    const result = parsePacketSenderIni(SAMPLE)!;
    const report = (lang: Lang) => packetSenderReport((key, params) => translate(lang, key, params), lang, result, 0);
    expect(report('en')).toBe(
      'Imported 2 packets from Packet Sender. Skipped 3: Empty (no data), Broken (Invalid HEX: character 2 "G" is not a hex digit), Web (HTTP request).',
    );
    expect(report('zh-CN')).toBe('已从 Packet Sender 导入 2 条报文。 跳过 3 条：Empty (无数据), Broken (HEX 格式错误：第 2 个字符“G”不是十六进制数字), Web (HTTP 请求)。');
  });

  it('is not a packets.ini when no section holds a packet', () => {
    expect(parsePacketSenderIni('[General]\nfoo=1\n')).toBeUndefined();
    expect(parsePacketSenderIni('{"format":"socketdesk-quick-commands"}')).toBeUndefined();
    expect(parsePacketSenderIni('')).toBeUndefined();
  });

  it('undoes QSettings escapes in keys and values', () => {
    expect(unescapeKey('A%20b%U4E2D')).toBe('A b中');
    expect(unescapeValue('"a, b" ; note')).toBe('a, b ');
    expect(unescapeValue('@String(x)')).toBe('x');
    expect(unescapeValue('line\\nnext \\"q\\"')).toBe('line\nnext "q"');
  });
});
