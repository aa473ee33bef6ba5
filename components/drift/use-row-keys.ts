"use client";
import { useEffect, useRef, useState } from "react";

function isTyping(target: EventTarget | null) {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));
}

/**
 * Keyboard navigation of a table: j / ↓ and k / ↑ move the selection, Enter opens the selected
 * row. Keys typed into a form field are left alone. The selected row scrolls into view.
 */
export function useRowKeys(count: number, onOpen: (index: number) => void) {
  const [selected, setSelected] = useState(-1);
  const open = useRef(onOpen);
  open.current = onOpen;
  useEffect(() => {
    if (selected >= count) setSelected(count - 1);
  }, [count, selected]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target) || count === 0) return;
      if (e.key === "j" || e.key === "ArrowDown") {
        e.preventDefault();
        setSelected((s) => Math.min(count - 1, s + 1));
      } else if (e.key === "k" || e.key === "ArrowUp") {
        e.preventDefault();
        setSelected((s) => Math.max(0, s - 1));
      } else if (e.key === "Enter" && selected >= 0 && !(e.target instanceof HTMLAnchorElement) && !(e.target instanceof HTMLButtonElement)) {
        e.preventDefault();
        open.current(selected);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [count, selected]);
  useEffect(() => {
    if (selected >= 0) document.querySelector(`[data-row-index="${selected}"]`)?.scrollIntoView({ block: "nearest" });
  }, [selected]);
  return { selected, setSelected };
}
