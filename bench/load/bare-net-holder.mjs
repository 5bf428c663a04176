/**
 * B7's baseline: a bare Node `net` server that keeps every connection it accepts, in a process of its own started
 * with plain `node` (no tsx loader, no bench harness), so its resident set is what Node itself needs to hold that
 * many idle sockets. The bench reads its VmRSS from /proc/<pid>/status, as it does the browser host's.
 *
 * Talks JSON lines: prints {"port": P} once it listens on 127.0.0.1 (a free port), then answers one line per
 * command read on stdin:
 *   count   {"open": n, "accepted": m}: connections held now, and accepted since start
 *   quit    closes the listener and every connection, answers {"closed": n} and exits
 */
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

/** The same listen backlog as the engine's TCP server (the kernel clamps it to net.core.somaxconn). */
const BACKLOG = 8192;

const sockets = new Set();
let accepted = 0;

const server = createServer((socket) => {
  accepted++;
  sockets.add(socket);
  // What any server needs per connection: its bytes read (and dropped), its errors handled, its end noticed.
  socket.on('data', () => undefined);
  socket.on('error', () => undefined);
  socket.on('close', () => sockets.delete(socket));
});

const say = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);

server.listen({ host: '127.0.0.1', port: 0, backlog: BACKLOG }, () => {
  say({ port: server.address().port });
  createInterface({ input: process.stdin }).on('line', (line) => {
    const command = line.trim();
    if (command === 'count') say({ open: sockets.size, accepted });
    else if (command === 'quit') {
      const open = sockets.size;
      for (const socket of sockets) socket.destroy();
      server.close(() => {
        say({ closed: open });
        process.exit(0);
      });
    } else say({ error: `unknown command ${command}` });
  });
});
