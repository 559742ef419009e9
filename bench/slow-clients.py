"""Slow clients for bench/slow-clients.sh: HALF connections that send one byte of a request and then
nothing, and TRICKLE connections that send a request head one byte a second, all opened at once and
held for DURATION seconds. Prints when the server closed them (seconds from their first byte).

python3 bench/slow-clients.py HOST PORT HALF TRICKLE DURATION
"""
import selectors
import socket
import sys
import time

host, port, half, trickle, duration = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
HEAD = b"GET /v1/p/secrets/s/stages/SYSCURRENT HTTP/1.1\r\nHost: slow\r\nX-Auth-Token: " + b"t" * 4096 + b"\r\n\r\n"

selector = selectors.DefaultSelector()
start = time.monotonic()
conns = []  # [socket, kind, first byte at, bytes sent, closed at, state]


def close(conn, now, by_server):
    selector.unregister(conn[0])
    conn[0].close()
    conn[4] = now
    conn[5] = "closed" if by_server else "failed"


for kind, count in (("half", half), ("trickle", trickle)):
    for _ in range(count):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        s.connect_ex((host, port))
        conn = [s, kind, None, 0, None, "connecting"]
        conns.append(conn)
        selector.register(s, selectors.EVENT_WRITE, conn)

last_trickle = 0.0
while time.monotonic() - start < duration:
    now = time.monotonic()
    for key, events in selector.select(timeout=0.2):
        conn = key.data
        s = conn[0]
        if conn[5] == "connecting":
            error = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if error:
                close(conn, now, False)
                continue
            # Connected (the kernel's accept queue, or Tomcat's): the first byte goes now.
            try:
                s.send(HEAD[:1])
            except OSError:
                close(conn, now, False)
                continue
            conn[2], conn[3], conn[5] = now, 1, "open"
            selector.modify(s, selectors.EVENT_READ, conn)
        else:
            try:
                data = s.recv(4096)
            except OSError:
                data = b""
            if data:
                conn[5] = "answered"
            close(conn, now, True)
    if now - last_trickle >= 1.0:
        last_trickle = now
        for conn in conns:
            if conn[1] == "trickle" and conn[5] == "open" and conn[3] < len(HEAD):
                try:
                    conn[0].send(HEAD[conn[3]:conn[3] + 1])
                    conn[3] += 1
                except OSError:
                    close(conn, now, True)


def summary(kind):
    mine = [c for c in conns if c[1] == kind]
    closed = sorted(c[4] - c[2] for c in mine if c[5] in ("closed", "answered") and c[2] is not None)
    answered = sum(1 for c in mine if c[5] == "answered")
    still_open = sum(1 for c in mine if c[5] == "open")
    never = sum(1 for c in mine if c[5] == "connecting")
    failed = sum(1 for c in mine if c[5] == "failed")
    sent = max((c[3] for c in mine), default=0)
    line = f"{kind}: {len(mine)} opened, {len(closed)} closed by the server ({answered} with an answer), " \
           f"{still_open} still open, {never} never accepted, {failed} failed; most bytes sent on one: {sent}"
    if closed:
        pct = lambda p: closed[min(len(closed) - 1, int(p * len(closed)))]
        line += f"; closed {pct(0.0):.1f}/{pct(0.5):.1f}/{pct(0.99):.1f}/{closed[-1]:.1f} s (min/p50/p99/max) after the first byte"
    accepted = sorted(c[2] - start for c in mine if c[2] is not None)
    if accepted:
        line += f"; last first byte {accepted[-1]:.1f} s into the run"
    print(line, flush=True)


summary("half")
summary("trickle")
