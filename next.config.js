/** @type {import('next').NextConfig} */
const nextConfig = {
  // Tests run their own `next dev` beside a developer's without sharing build output.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
};

export default nextConfig;
