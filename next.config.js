/**
 * Headers every answer carries, static files included (proxy.ts adds the
 * Content-Security-Policy with its nonce to pages).
 */
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Tests run their own `next dev` beside a developer's without sharing build output.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // `next dev` serves its scripts only to origins it knows: without these a
  // page opened at 127.0.0.1 or [::1] instead of localhost never hydrates.
  allowedDevOrigins: ["127.0.0.1", "[::1]", "::1"],
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // JSON runs no scripts and embeds nothing: a policy that allows nothing.
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }] },
    ];
  },
};

export default nextConfig;
