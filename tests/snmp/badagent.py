#!/usr/bin/python3
"""A misbehaving SNMPv2c agent on loopback, for tests/snmp/hostile.sh.

  badagent.py PORTFILE

Binds 127.0.0.1 on a free UDP port, writes the port to PORTFILE and answers
until killed.  The system group answers normally; then:
  entPhysicalTable (1.3.6.1.2.1.47.1.1.1.1)  loops: the next OID it returns
                                             is the one asked for
  ifTable (1.3.6.1.2.1.2.2.1)                never ends: every answer is one
                                             row further, forever
  ifXTable (1.3.6.1.2.1.31.1.1.1)            never answers
  anything else                              endOfMibView
Standard library only (BER by hand, v2c only).
"""

import socket
import sys

SYSTEM = "1.3.6.1.2.1.1"
LOOP = "1.3.6.1.2.1.47.1.1.1.1"
ENDLESS = "1.3.6.1.2.1.2.2.1"
SILENT = "1.3.6.1.2.1.31.1.1.1"


def enc_len(n):
    if n < 128:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, body):
    return bytes([tag]) + enc_len(len(body)) + body


def enc_int(v, tag=0x02):
    n = max(1, (v.bit_length() + 8) // 8)
    return tlv(tag, v.to_bytes(n, "big", signed=True))


def enc_uint(v, tag):
    b = v.to_bytes(max(1, (v.bit_length() + 7) // 8), "big")
    if b[0] & 0x80:
        b = b"\0" + b
    return tlv(tag, b)


def enc_oid(oid):
    arcs = [int(x) for x in oid.split(".")]
    out = bytearray([arcs[0] * 40 + arcs[1]])
    for a in arcs[2:]:
        chunk = [a & 0x7F]
        a >>= 7
        while a:
            chunk.append(0x80 | (a & 0x7F))
            a >>= 7
        out += bytes(reversed(chunk))
    return tlv(0x06, bytes(out))


def dec(buf, i):
    tag = buf[i]
    n = buf[i + 1]
    i += 2
    if n & 0x80:
        k = n & 0x7F
        n = int.from_bytes(buf[i:i + k], "big")
        i += k
    return tag, buf[i:i + n], i + n


def dec_oid(b):
    arcs = [b[0] // 40, b[0] % 40]
    v = 0
    for x in b[1:]:
        v = (v << 7) | (x & 0x7F)
        if not x & 0x80:
            arcs.append(v)
            v = 0
    return ".".join(map(str, arcs))


def under(oid, root):
    return oid.startswith(root + ".")


def value_of(oid):
    if oid == SYSTEM + ".1.0":
        return tlv(0x04, b"Bad agent for tests")
    if oid == SYSTEM + ".2.0":
        return enc_oid("1.3.6.1.4.1.99999.1")
    if oid == SYSTEM + ".3.0":
        return enc_uint(4242, 0x43)
    if oid == SYSTEM + ".5.0":
        return tlv(0x04, b"badagent")
    return None


def next_of(oid):
    """(next oid, value) or None for endOfMibView; 'silent' to drop."""
    if under(oid, SILENT) or oid == SILENT:
        return "silent"
    if under(oid, LOOP) or oid == LOOP:
        # a column's first row, then that same row again and again
        depth = len(oid.split(".")) - len(LOOP.split("."))
        nxt = oid if depth >= 2 else (oid + ".1" if depth == 1 else LOOP + ".2.1")
        return nxt, tlv(0x04, b"x")
    if under(oid, ENDLESS) or oid == ENDLESS:
        rest = oid[len(ENDLESS) + 1:].split(".") if under(oid, ENDLESS) else []
        col = int(rest[0]) if rest and rest[0] else 1
        idx = int(rest[1]) + 1 if len(rest) > 1 else 1
        return "%s.%d.%d" % (ENDLESS, col, idx), enc_uint(idx, 0x41)
    return None


def answer(msg):
    _, seq, _ = dec(msg, 0)
    i = 0
    _, ver, i = dec(seq, i)
    _, comm, i = dec(seq, i)
    ptag, pdu, _ = dec(seq, i)
    j = 0
    _, reqid, j = dec(pdu, j)
    _, nonrep, j = dec(pdu, j)
    _, maxrep, j = dec(pdu, j)
    _, vbl, _ = dec(pdu, j)
    oids = []
    k = 0
    while k < len(vbl):
        _, vb, k = dec(vbl, k)
        _, o, _ = dec(vb, 0)
        oids.append(dec_oid(o))
    out = []
    if ptag == 0xA0:  # GET
        for o in oids:
            v = value_of(o)
            out.append(enc_oid(o) + (v if v is not None else tlv(0x80, b"")))
    else:
        reps = 1 if ptag == 0xA1 else max(1, min(int.from_bytes(maxrep, "big"), 50))
        cur = list(oids)
        for _ in range(reps):
            for n, o in enumerate(cur):
                nxt = next_of(o)
                if nxt == "silent":
                    return None
                if nxt is None:
                    out.append(enc_oid(o) + tlv(0x82, b""))
                    continue
                cur[n] = nxt[0]
                out.append(enc_oid(nxt[0]) + nxt[1])
    body = tlv(0x02, reqid) + enc_int(0) + enc_int(0) + \
        tlv(0x30, b"".join(tlv(0x30, v) for v in out))
    return tlv(0x30, tlv(0x02, ver) + tlv(0x04, comm) + tlv(0xA2, body))


def main():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    with open(sys.argv[1], "w") as f:
        f.write("%d\n" % s.getsockname()[1])
    while True:
        msg, peer = s.recvfrom(65535)
        try:
            reply = answer(msg)
        except (IndexError, ValueError):
            continue
        if reply:
            s.sendto(reply, peer)


if __name__ == "__main__":
    main()
