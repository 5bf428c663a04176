import type { AppError } from '@shared/contract/errors';
import { translate, type Lang } from './i18n';

/** "127.255.255.255:9", "[ff02::1]:9". */
function endpointOf(host: string, port: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * The sentence for an error of 广播 / 组播 (the page's own checks, the hosts' schemas, the engine: they share the
 * `reason`s of shared/contract/udp-addressing.ts and electron/engine/udp-addressing.ts), or undefined for any other.
 */
export function udpAddressingSentence(lang: Lang, error: AppError): string | undefined {
  const p = error.params;
  const text = (name: string): string => (p?.[name] === undefined ? '?' : String(p[name]));
  const group = text('group');
  const interfaceName = p?.interface === undefined ? translate(lang, 'udp.anyInterface') : text('interface');
  switch (p?.reason) {
    case 'broadcastOff':
      return translate(lang, 'error.EACCES.broadcast', { endpoint: endpointOf(text('host'), text('port')) });
    case 'notIpGroup':
      return translate(lang, 'error.multicast.notIp', { group });
    case 'notMulticast':
      return translate(lang, p.family === 'IPv6' ? 'error.multicast.notMulticastV6' : 'error.multicast.notMulticastV4', { group });
    case 'multicastFamily':
      return translate(lang, p.family === 'IPv6' ? 'error.multicast.familyV6' : 'error.multicast.familyV4', { group, address: text('address') });
    case 'alreadyJoined':
      return translate(lang, 'error.multicast.alreadyJoined', { group, interface: interfaceName });
    case 'notJoined':
      return translate(lang, 'error.multicast.notJoined', { group, interface: interfaceName });
    case 'tooManyGroups':
      return translate(lang, 'error.multicast.tooMany', { max: text('max') });
    case 'interfaceGone':
      return translate(lang, 'error.multicast.interfaceGone', { interface: interfaceName });
    case 'interfaceNoAddress':
      return translate(lang, 'error.multicast.interfaceNoAddress', { interface: interfaceName, family: text('family') });
    case 'noMulticastInterface':
      return translate(lang, 'error.multicast.noInterface', { group });
    case 'multicastTtl':
      return translate(lang, 'error.multicast.ttl', { min: text('min'), max: text('max') });
    case 'notUdp':
      return translate(lang, 'error.udp.notUdp');
    case 'recvBufferSize':
      return translate(lang, 'error.udp.recvBuffer', { min: text('minKiB'), max: p.maxKiB === undefined ? '?' : String(Number(p.maxKiB) / 1024) });
    default:
      return undefined;
  }
}
