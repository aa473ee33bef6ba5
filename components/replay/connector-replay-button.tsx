"use client";
import Link from "next/link";
import { ReplayButton } from "./replay-button";

/**
 * The dead-letter entry point on a connector's page: replay its rejected events (or release its
 * held ones) with the one-click preview, and a link to the grouped dead letters with their fixes.
 * Render it for ops and admin only (can(role, "replay")).
 */
export function ConnectorReplayButton({ connector, status = "rejected" }: { connector: string; status?: "rejected" | "held" }) {
  return (
    <span className="inline-flex items-center gap-2">
      <ReplayButton
        size="sm"
        selector={{ connector, status }}
        label={status === "held" ? "Release held events…" : "Replay dead letters…"}
        title={status === "held" ? `Release ${connector}'s held events` : `Replay ${connector}'s dead letters`}
      />
      <Link href={`/replays?view=dead-letters&connector=${encodeURIComponent(connector)}`} className="text-xs text-brand-700 hover:underline">
        fix and group →
      </Link>
    </span>
  );
}
