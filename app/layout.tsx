import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Sightline", template: "%s · Sightline" },
  description: "Operations control tower for multi-channel inventory sync",
};

// Every page is rendered per request, the 404 page included: Next.js puts each request's CSP nonce
// on its scripts while rendering (server/http/security-headers.ts); a page prerendered at build has none.
export const dynamic = "force-dynamic";

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen antialiased">{children}</body>
    </html>
  );
}
