/** Runs once when a server instance starts: a bad environment stops it here with a readable message. */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { env } = await import('@/server/env');
    env();
    // Before any request is handled: per-IP limits need the socket's address (src/server/client-address.ts).
    const { installPeerAddressHeader } = await import('@/server/client-address');
    installPeerAddressHeader();
  }
}
