#!/usr/bin/python3
"""Runs a command on a private network with mDNS responders, for the mdns tests.

Run under `unshare -n` (root): the new network namespace has only loopback, which
this script brings up with IPv4 multicast, and a veth pair of its own for IPv6 (see
bring_up_network), so the queries and answers never leave the machine. Then it starts the responders, runs
COMMAND, passes its output through and exits with its status. SIGTERM is passed on
to COMMAND.

  mdns_network.py [--zeroconf all|v4|v6] [--instance NAME PORT ADDR,...]...
                  [--piecemeal NAME PORT ADDR,...] [--garbage] -- COMMAND...

--zeroconf    a python-zeroconf responder over IPv4 and/or IPv6 registering every
              --instance as _joinery._tcp.local (host NAME.local., ADDRs its A/AAAA)
--piecemeal   a responder that answers each question with the one record asked for
              and nothing in the additional section, so an instance is only
              complete after follow-up questions (SRV, then A/AAAA)
--garbage     a responder answering every query with bytes that are no DNS message,
              and with a DNS message whose records run past its end
Each responder prints "ready" lines on stderr; the piecemeal one prints "asked TYPE NAME"
for each question it receives.
"""
import argparse
import os
import random
import signal
import socket
import struct
import subprocess
import sys
import threading

SERVICE = "_joinery._tcp.local."
GROUP_V4 = "224.0.0.251"
GROUP_V6 = "ff02::fb"
PORT = 5353


def say(text):
    print(text, file=sys.stderr, flush=True)


def bring_up_network():
    """Loopback carries IPv4 multicast; Linux does not loop IPv6 multicast back on lo,
    so IPv6 goes over a veth pair inside the namespace (mdns0 <-> mdns1)."""
    with open("/proc/sys/net/ipv6/conf/default/accept_dad", "w") as dad:
        dad.write("0")  # addresses usable at once, not after duplicate detection
    for command in (["ip", "link", "set", "lo", "up"],
                    ["ip", "link", "set", "lo", "multicast", "on"],
                    ["ip", "route", "replace", "224.0.0.0/4", "dev", "lo"],
                    ["ip", "link", "add", "mdns0", "type", "veth", "peer", "name", "mdns1"],
                    ["ip", "link", "set", "mdns0", "up"],
                    ["ip", "link", "set", "mdns1", "up"],
                    ["ip", "-6", "addr", "add", "fd00:5353::1/64", "dev", "mdns0", "nodad"],
                    ["ip", "-6", "addr", "add", "fd00:5353::2/64", "dev", "mdns1", "nodad"],
                    ["ip", "-6", "route", "replace", "ff00::/8", "dev", "mdns0", "table", "local"]):
        subprocess.run(command, check=True)


def parse_instance(values):
    name, port, addresses = values
    return name, int(port), [a for a in addresses.split(",") if a]


def packed(address):
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    return socket.inet_pton(family, address)


def start_zeroconf(ip_version, instances):
    import zeroconf
    version = {"all": zeroconf.IPVersion.All, "v4": zeroconf.IPVersion.V4Only,
               "v6": zeroconf.IPVersion.V6Only}[ip_version]
    responder = zeroconf.Zeroconf(interfaces=zeroconf.InterfaceChoice.All, ip_version=version)
    for name, port, addresses in instances:
        info = zeroconf.ServiceInfo(SERVICE, name + "." + SERVICE, port=port,
                                    addresses=[packed(a) for a in addresses],
                                    server=name + ".local.", properties={"joinery": "test"})
        responder.register_service(info)
    say("ready: zeroconf (%s) with %d instance(s)" % (ip_version, len(instances)))
    return responder


def group_sockets():
    """UDP sockets on port 5353 joined to the mDNS group, beside any other responder."""
    v4 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    v4.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    v4.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    v4.bind(("", PORT))
    v4.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,
                  socket.inet_aton(GROUP_V4) + socket.inet_aton("127.0.0.1"))
    v6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    v6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    v6.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    v6.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    v6.bind(("", PORT))
    v6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP,
                  socket.inet_pton(socket.AF_INET6, GROUP_V6) +
                  struct.pack("@I", socket.if_nametoindex("mdns1")))
    return [v4, v6]


def serve(sockets, answer):
    """Calls answer(query) for each query from a port other than 5353 (a legacy unicast
    query) and sends what it returns back to the sender."""
    def loop(sock):
        while True:
            query, sender = sock.recvfrom(9000)
            if sender[1] == PORT:
                continue  # other responders' traffic
            for reply in answer(query):
                sock.sendto(reply, sender)
    for sock in sockets:
        threading.Thread(target=loop, args=(sock,), daemon=True).start()


def garbage_answers(query):
    rng = random.Random(len(query))
    noise = bytes(rng.randrange(256) for _ in range(64))
    # A response header with the query's id, one answer claimed, a record cut short.
    cut_short = query[:2] + b"\x84\x00\x00\x00\x00\x01\x00\x00\x00\x00" + b"\x05short\x00\x00\x0c"
    return [noise, cut_short, b"\x00"]


def piecemeal_answers(instance):
    import zeroconf
    from zeroconf import const
    name, port, addresses = instance
    full = name + "." + SERVICE
    host = name + ".local."

    def answer(query):
        incoming = zeroconf.DNSIncoming(query)
        out = zeroconf.DNSOutgoing(const._FLAGS_QR_RESPONSE | const._FLAGS_AA, multicast=False,
                                   id_=incoming.id)
        for question in incoming.questions:
            say("asked %s %s" % (zeroconf.DNSQuestion.get_type(question.type), question.name))
            out.add_question(question)
            records = []
            if question.type == const._TYPE_PTR and question.name.lower() == SERVICE:
                records.append(zeroconf.DNSPointer(SERVICE, const._TYPE_PTR, const._CLASS_IN,
                                                   10, full))
            elif question.type == const._TYPE_SRV and question.name.lower() == full.lower():
                records.append(zeroconf.DNSService(full, const._TYPE_SRV, const._CLASS_IN, 10,
                                                   0, 0, port, host))
            elif question.name.lower() == host.lower():
                for address in addresses:
                    kind = const._TYPE_AAAA if ":" in address else const._TYPE_A
                    if kind == question.type:
                        records.append(zeroconf.DNSAddress(host, kind, const._CLASS_IN, 10,
                                                           packed(address)))
            for record in records:
                out.add_answer_at_time(record, 0)
        return out.packets() if out.answers else []
    return answer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--zeroconf", choices=["all", "v4", "v6"])
    parser.add_argument("--instance", nargs=3, action="append", default=[])
    parser.add_argument("--piecemeal", nargs=3)
    parser.add_argument("--garbage", action="store_true")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command

    bring_up_network()
    responders = []
    if args.zeroconf:
        responders.append(start_zeroconf(args.zeroconf,
                                         [parse_instance(i) for i in args.instance]))
    if args.piecemeal:
        serve(group_sockets(), piecemeal_answers(parse_instance(args.piecemeal)))
        say("ready: piecemeal responder")
    if args.garbage:
        serve(group_sockets(), garbage_answers)
        say("ready: garbage responder")

    child = subprocess.Popen(command)
    signal.signal(signal.SIGTERM, lambda *_: child.send_signal(signal.SIGTERM))
    status = child.wait()
    for responder in responders:
        responder.close()
    # The shell's convention, as the test's child-process helper reports it.
    sys.exit(128 - status if status < 0 else status)


if __name__ == "__main__":
    main()
