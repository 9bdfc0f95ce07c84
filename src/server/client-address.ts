import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';
import { env } from '@/server/env';

/**
 * The address a request came from, for per-IP rate limits.
 *
 * `X-Forwarded-For` is written by whoever sends the request: a client talking to us directly can put anything
 * in it, and a proxy in front of us appends what it saw to whatever the client wrote. So the header is trusted
 * only as far as configured proxies vouch for it:
 * - `TRUSTED_PROXY_CIDRS` set: walking the chain (forwarded hops, then the socket's peer) from the right, the
 *   first address that is not a trusted proxy;
 * - else `TRUSTED_PROXY_HOPS = n` (n ≥ 1): the address the outermost of n appending proxies saw, i.e. the n-th
 *   forwarded hop from the right;
 * - else (default, no proxy): the socket's peer address, and the header is ignored.
 *
 * Route handlers never see the socket (Next.js only fills `X-Forwarded-For` with it when the client sent none),
 * so `installPeerAddressHeader()` (called by src/instrumentation.ts) stamps every incoming request with the
 * peer address in a header whose value carries a per-process secret: a client cannot forge it.
 */

const PEER_HEADER = 'x-vouchie-peer';
const STATE = Symbol.for('vouchie.peer-address');

interface PeerState {
  secret: string;
}

type WithPeerState = typeof globalThis & { [STATE]?: PeerState };

function peerState(): PeerState | undefined {
  return (globalThis as WithPeerState)[STATE];
}

type Emit = (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;

function stamp(prototype: { emit: Emit }, secret: string) {
  const original = prototype.emit;
  prototype.emit = function emit(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'request' || event === 'checkContinue' || event === 'checkExpectation') {
      const request = args[0];
      if (request instanceof http.IncomingMessage) {
        request.headers[PEER_HEADER] = `${secret} ${request.socket.remoteAddress ?? 'unknown'}`;
      }
    }
    return original.call(this, event, ...args);
  };
}

/** Idempotent. After it, every request a Node http(s) server in this process receives carries its peer address. */
export function installPeerAddressHeader(): void {
  const state = globalThis as WithPeerState;
  if (state[STATE]) return;
  const secret = randomBytes(18).toString('base64url');
  stamp(http.Server.prototype as unknown as { emit: Emit }, secret);
  stamp(https.Server.prototype as unknown as { emit: Emit }, secret);
  state[STATE] = { secret };
}

function normalise(address: string): string {
  const trimmed = address.trim().replace(/^\[|\]$/g, '');
  // IPv4 clients of a dual-stack socket show up as ::ffff:a.b.c.d.
  return trimmed.startsWith('::ffff:') && isIP(trimmed.slice(7)) === 4 ? trimmed.slice(7) : trimmed;
}

/** The peer address stamped by `installPeerAddressHeader`, or null when the request did not pass through it. */
function stampedPeer(headers: Headers): string | null {
  const state = peerState();
  const value = headers.get(PEER_HEADER);
  if (!state || !value) return null;
  const [secret, address] = value.split(' ');
  return secret === state.secret && address ? normalise(address) : null;
}

/** Parses `TRUSTED_PROXY_CIDRS` entries (`10.0.0.0/8`, `::1`, `fd00::/8`); throws on a bad one. */
export function trustedProxyList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address);
    if (family === 0) throw new Error(`not an IP address: ${entry}`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) {
      list.addAddress(address, type);
    } else {
      const bits = Number(prefix);
      if (!/^\d+$/.test(prefix) || bits > (family === 4 ? 32 : 128)) throw new Error(`bad prefix length: ${entry}`);
      list.addSubnet(address, bits, type);
    }
  }
  return list;
}

let cachedList: { source: readonly string[]; list: BlockList } | undefined;

function isTrustedProxy(address: string, cidrs: readonly string[]): boolean {
  if (cachedList?.source !== cidrs) cachedList = { source: cidrs, list: trustedProxyList(cidrs) };
  const family = isIP(address);
  return family !== 0 && cachedList.list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export function clientAddress(headers: Headers): string {
  const config = env();
  const forwarded = (headers.get('x-forwarded-for') ?? '').split(',').map(normalise).filter(Boolean);
  const stamped = stampedPeer(headers);
  // Without the stamp (a handler called directly, or a request accepted before the stamp was installed) the
  // nearest forwarded hop stands in for the peer: Next.js writes the socket address there when the client sent none.
  const peer = stamped ?? (peerState() ? 'unstamped' : forwarded.pop()) ?? 'unknown';

  if (config.TRUSTED_PROXY_CIDRS.length > 0) {
    const chain = [...forwarded, peer];
    while (chain.length > 1 && isTrustedProxy(chain[chain.length - 1] ?? '', config.TRUSTED_PROXY_CIDRS)) chain.pop();
    return chain[chain.length - 1] ?? peer;
  }
  const hops = config.TRUSTED_PROXY_HOPS;
  if (hops === 0 || forwarded.length === 0) return peer;
  return forwarded[Math.max(0, forwarded.length - hops)] ?? peer;
}
