/**
 * Did the receiving MTA authenticate the sender? Read from `Authentication-Results` (RFC 8601) headers whose
 * authserv-id is one we trust (INBOUND_TRUSTED_AUTHSERV_IDS: our own MX or the mail provider's): anyone can write
 * such a header into a message, so others are ignored, and the trusted MTA must drop forged copies carrying its
 * id (Postfix/OpenDMARC, Rspamd, Gmail and Microsoft 365 do). The sender is authenticated when, for the domain of
 * its From address, DMARC passed, or DKIM passed with an aligned signing domain, or SPF passed for an aligned
 * envelope sender.
 */

interface ResultEntry {
  method: string;
  result: string;
  properties: Map<string, string>;
}

function withoutComments(value: string): string {
  let depth = 0;
  let out = '';
  for (const char of value) {
    if (char === '(') depth++;
    else if (char === ')' && depth > 0) depth--;
    else if (depth === 0) out += char;
  }
  return out;
}

function parseResults(header: string): { authservId: string; entries: ResultEntry[] } | null {
  const [head, ...rest] = withoutComments(header.replace(/\r?\n[ \t]+/g, ' ')).split(';');
  const authservId = head?.trim().split(/\s+/)[0]?.toLowerCase();
  if (!authservId) return null;
  const entries: ResultEntry[] = [];
  for (const part of rest) {
    const tokens = part.trim().split(/\s+/).filter(Boolean);
    const [methodToken, ...props] = tokens;
    const match = /^([a-z0-9-]+)(?:\/[0-9]+)?=([a-z]+)$/i.exec(methodToken ?? '');
    if (!match?.[1] || !match[2]) continue;
    const properties = new Map<string, string>();
    for (const prop of props) {
      const eq = prop.indexOf('=');
      if (eq > 0)
        properties.set(
          prop.slice(0, eq).toLowerCase(),
          prop
            .slice(eq + 1)
            .replace(/^"|"$/g, '')
            .toLowerCase(),
        );
    }
    entries.push({ method: match[1].toLowerCase(), result: match[2].toLowerCase(), properties });
  }
  return { authservId, entries };
}

const domainOf = (value: string | undefined): string | null => {
  if (!value) return null;
  const domain = value
    .slice(value.lastIndexOf('@') + 1)
    .trim()
    .toLowerCase();
  return domain.includes('.') ? domain : null;
};

/**
 * DMARC's relaxed alignment, approximated without a public-suffix list: the same domain, or one a subdomain of the
 * other (mail.example.pl and example.pl are one organisation; only the domain's owner can authenticate either).
 */
function aligned(senderDomain: string, authenticated: string | null): boolean {
  return (
    authenticated !== null &&
    (senderDomain === authenticated || senderDomain.endsWith(`.${authenticated}`) || authenticated.endsWith(`.${senderDomain}`))
  );
}

export function senderAuthenticated(
  headers: ReadonlyMap<string, readonly string[]>,
  sender: string,
  trustedAuthservIds: readonly string[],
): boolean {
  const senderDomain = domainOf(sender);
  if (!senderDomain || !trustedAuthservIds.length) return false;
  const trusted = new Set(trustedAuthservIds.map((id) => id.toLowerCase()));
  for (const header of headers.get('authentication-results') ?? []) {
    const parsed = parseResults(header);
    if (!parsed || !trusted.has(parsed.authservId)) continue;
    for (const { method, result, properties } of parsed.entries) {
      if (result !== 'pass') continue;
      if (method === 'dmarc' && domainOf(`@${properties.get('header.from') ?? ''}`) === senderDomain) return true;
      if (
        method === 'dkim' &&
        (aligned(senderDomain, domainOf(`@${properties.get('header.d') ?? ''}`)) ||
          aligned(senderDomain, domainOf(properties.get('header.i'))))
      )
        return true;
      if (method === 'spf' && aligned(senderDomain, domainOf(properties.get('smtp.mailfrom')))) return true;
    }
  }
  return false;
}
