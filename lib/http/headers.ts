/**
 * Headers every answer carries, static files included (proxy.ts adds the
 * Content-Security-Policy with its nonce to pages). next.config.ts gives
 * them to what Next.js answers; server.ts to the API writes it answers itself.
 */
export const SECURITY_HEADERS: readonly { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

/** JSON runs no scripts and embeds nothing: API answers get a policy that allows nothing. */
export const API_HEADERS: readonly { key: string; value: string }[] = [
  { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" },
];

/**
 * The last address in an X-Forwarded-For header (its entries joined, as
 * Node gives a repeated header): the one the nearest hop added. Undefined
 * when the header is absent or empty.
 */
export function lastForwardedAddress(header: string | readonly string[] | null | undefined): string | undefined {
  return [header ?? ""]
    .flat()
    .join(",")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .at(-1);
}
