"""A crowd of TCP clients in a process of its own, for the engine's fault tests (faults/idle-clients, connect-storm)
and bench B7 (the browser host's memory with 5 000 clients).

Its sockets are not the test process's descriptors, so the test can count exactly what the engine holds. It talks
JSON lines: it prints {"ready": true}, then answers one line per command read on stdin:

  connect HOST PORT COUNT WINDOW  open COUNT connections, at most WINDOW connecting at once (non-blocking connects);
                                   answers {"connected": n, "failed": {"ECONNREFUSED": k, ...}}
  send HEX                         every open connection sends these bytes once (a few bytes: each fits in its
                                   socket's send buffer at once); answers {"sent": n, "failed": k}
  poll                             how the connections are now: {"open": n, "fin": k, "reset": m} (closed by the
                                   server with a FIN or a reset; data received is read and ignored)
  close [reset]                    closes every connection and exits: {"closed": n}; with `reset`, each with an RST
                                   (SO_LINGER 0) instead of a FIN, so the server drops it at once rather than keeping a
                                   half-closed connection for what it may still send
"""
import errno
import json
import resource
import selectors
import socket
import struct
import sys
import time

CONNECT_DEADLINE_S = 60


def say(value):
    print(json.dumps(value), flush=True)


def raise_descriptor_limit(count):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = count + 64
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard) if hard != resource.RLIM_INFINITY else wanted, hard))


def connect(host, port, count, window):
    raise_descriptor_limit(count)
    family = socket.AF_INET6 if ':' in host else socket.AF_INET
    selector = selectors.DefaultSelector()
    connected, failed = [], {}
    started, connecting = 0, 0
    deadline = time.monotonic() + CONNECT_DEADLINE_S

    def fail(sock, code):
        name = errno.errorcode.get(code, str(code))
        failed[name] = failed.get(name, 0) + 1
        sock.close()

    while (started < count or connecting > 0) and time.monotonic() < deadline:
        while started < count and connecting < window:
            sock = socket.socket(family, socket.SOCK_STREAM)
            sock.setblocking(False)
            started += 1
            try:
                code = sock.connect_ex((host, port))
            except OSError as error:
                fail(sock, error.errno)
                continue
            if code == 0:
                connected.append(sock)
            elif code == errno.EINPROGRESS:
                selector.register(sock, selectors.EVENT_WRITE)
                connecting += 1
            else:
                fail(sock, code)
        for key, _ in selector.select(timeout=0.5):
            sock = key.fileobj
            selector.unregister(sock)
            connecting -= 1
            code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if code == 0:
                connected.append(sock)
            else:
                fail(sock, code)
    for key in list(selector.get_map().values()):
        selector.unregister(key.fileobj)
        fail(key.fileobj, errno.ETIMEDOUT)
    return connected, failed


def send(sockets, ended, data):
    sent, failed = 0, 0
    for index, sock in enumerate(sockets):
        if index in ended:
            continue
        try:
            if sock.send(data) == len(data):
                sent += 1
            else:
                failed += 1
        except OSError:
            failed += 1
    return {'sent': sent, 'failed': failed}


def close(sockets, how):
    for sock in sockets:
        if how == 'reset':
            try:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
            except OSError:
                pass
        sock.close()


def poll(sockets, ended):
    counts = {'open': 0, 'fin': 0, 'reset': 0}
    for index, sock in enumerate(sockets):
        if index not in ended:
            try:
                while True:
                    data = sock.recv(65536)
                    if not data:
                        ended[index] = 'fin'
                        break
            except BlockingIOError:
                pass
            except OSError:
                ended[index] = 'reset'
        counts[ended.get(index, 'open')] += 1
    return counts


def main():
    sockets, ended = [], {}
    say({'ready': True})
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == 'connect':
            sockets, failed = connect(words[1], int(words[2]), int(words[3]), int(words[4]))
            say({'connected': len(sockets), 'failed': failed})
        elif words[0] == 'send':
            say(send(sockets, ended, bytes.fromhex(words[1])))
        elif words[0] == 'poll':
            say(poll(sockets, ended))
        elif words[0] == 'close':
            close(sockets, words[1] if len(words) > 1 else 'fin')
            say({'closed': len(sockets)})
            return
        else:
            say({'error': 'unknown command ' + words[0]})


main()
