import type { NextConfig } from "next";
import { API_HEADERS, SECURITY_HEADERS } from "./lib/http/headers";

const nextConfig: NextConfig = {
  // Tests run their own `next dev` beside a developer's without sharing build output.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  // `next dev` serves its scripts only to origins it knows: without these a
  // page opened at 127.0.0.1 or [::1] instead of localhost never hydrates.
  allowedDevOrigins: ["127.0.0.1", "[::1]", "::1"],
  async headers() {
    return [
      { source: "/:path*", headers: [...SECURITY_HEADERS] },
      { source: "/api/:path*", headers: [...API_HEADERS] },
    ];
  },
};

export default nextConfig;
