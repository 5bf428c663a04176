import type { AppSettings } from '@shared';

/** A complete, valid AppSettings with every field away from the UI's defaults, so a round trip proves each one. */
export const SAMPLE_SETTINGS: AppSettings = {
  version: 1,
  protocol: 'tcp-server',
  localAddress: '::1',
  localPort: '9100',
  remoteHost: 'example.test',
  remotePort: '7',
  clientLocalPort: '40000',
  udpTarget: '192.0.2.1:5000',
  receive: { mode: 'hex', logMode: false, wrap: true, autoScroll: false },
  send: { mode: 'hex', escapes: true, appendCrlf: true },
  history: [
    { text: '01 02 ff', mode: 'hex' },
    { text: 'AT+GMR\\r\\n 你好', mode: 'ascii' },
  ],
  language: 'en',
};
