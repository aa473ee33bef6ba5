"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { TReplaySelector } from "@/server/replay/replay.types";
import { ReplayDialog } from "./replay-dialog";

/**
 * One click: a button that opens the replay preview for a selector (an exception group, a
 * connector's dead letters, held events) and applies it on confirm. Render it for ops and admin only.
 */
export function ReplayButton({ selector, label = "Replay…", title = "Replay these events", variant = "primary", size }: { selector: TReplaySelector; label?: string; title?: string; variant?: "primary" | "secondary"; size?: "sm" | "md" }) {
  const [isOpen, setOpen] = useState(false);
  return (
    <>
      <Button variant={variant} size={size} onClick={() => setOpen(true)}>
        {label}
      </Button>
      {isOpen && <ReplayDialog selector={selector} title={title} onClose={() => setOpen(false)} />}
    </>
  );
}
