import { createSocket } from "node:dgram";
import { type AddressInfo, isIP } from "node:net";
import * as dnsPacket from "dns-packet";

/**
 * How the server answers a name: its addresses (A and AAAA questions get the ones of their
 * family, with `ttl` seconds, default 60), `nxdomain`, `servfail`, or `silent` (no reply at all,
 * as a stalled name server).
 */
export type DnsAnswer = { addresses: string[]; ttl?: number } | "nxdomain" | "servfail" | "silent";

/** A DNS server on loopback UDP, for a Resolver's setServers. */
export interface DnsServer {
  /** `127.0.0.1:<port>`. */
  server: string;
  /** Every question asked, in order (`name` lower-cased, `type` A or AAAA). */
  queries: { name: string; type: string }[];
  close(): Promise<void>;
}

/** Starts a DNS server answering each question as `answerFor(name)` says, encoded with dns-packet. */
export async function startDnsServer(answerFor: (name: string) => DnsAnswer): Promise<DnsServer> {
  const socket = createSocket("udp4");
  const queries: DnsServer["queries"] = [];
  socket.on("message", (message, peer) => {
    const query = dnsPacket.decode(message);
    const question = query.questions?.[0];
    if (!question) return;
    const name = question.name.toLowerCase();
    queries.push({ name, type: question.type });
    const answer = answerFor(name);
    if (answer === "silent") return;
    const rcode = answer === "nxdomain" ? 3 : answer === "servfail" ? 2 : 0;
    const family = question.type === "A" ? 4 : question.type === "AAAA" ? 6 : 0;
    const records =
      typeof answer === "object"
        ? answer.addresses
            .filter((address) => isIP(address) === family)
            .map((data) => ({
              type: question.type as "A" | "AAAA",
              name: question.name,
              class: "IN" as const,
              ttl: answer.ttl ?? 60,
              data,
            }))
        : [];
    const reply = dnsPacket.encode({
      type: "response",
      id: query.id,
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | rcode,
      questions: [question],
      answers: records,
    });
    socket.send(reply, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  return {
    server: `127.0.0.1:${(socket.address() as AddressInfo).port}`,
    queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
