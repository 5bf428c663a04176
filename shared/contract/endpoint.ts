/** One side of a conversation: an IP address and a port. */
export type AddressFamily = 'IPv4' | 'IPv6';

export interface Endpoint {
  readonly address: string;
  readonly port: number;
  readonly family: AddressFamily;
}

/** "127.0.0.1:8080" or "[::1]:8080" — the one spelling used in the log, in selectors and as a client key. */
export function formatEndpoint(endpoint: Pick<Endpoint, 'address' | 'port'>): string {
  return endpoint.address.includes(':') ? `[${endpoint.address}]:${endpoint.port}` : `${endpoint.address}:${endpoint.port}`;
}

export function familyOf(address: string): AddressFamily {
  return address.includes(':') ? 'IPv6' : 'IPv4';
}
