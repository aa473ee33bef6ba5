"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";

/** Shows a secret exactly once, with a copy button and a clear warning. */
export function SecretReveal({ label, secret }: { label: string; secret: string }) {
  const [isCopied, setCopied] = useState(false);
  return (
    <div className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3">
      <p className="text-sm font-medium text-amber-900">{label}: copy it now, it will not be shown again.</p>
      <div className="flex items-center gap-2">
        <code data-testid="secret-value" className="flex-1 break-all rounded bg-white px-2 py-1.5 font-mono text-xs text-slate-900 ring-1 ring-amber-200">
          {secret}
        </code>
        <Button
          size="sm"
          onClick={async () => {
            await navigator.clipboard?.writeText(secret).catch(() => undefined);
            setCopied(true);
          }}
        >
          {isCopied ? "Copied" : "Copy"}
        </Button>
      </div>
    </div>
  );
}
