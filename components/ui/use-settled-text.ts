"use client";
import { useEffect, useState } from "react";

/**
 * A text field's value that is handed to `onSettle` (typically: written to the URL) once typing
 * pauses for `ms`; the field follows `value` when it changes from outside (back, a cleared filter).
 */
export function useSettledText(value: string, onSettle: (v: string) => void, ms: number) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const timer = setTimeout(() => onSettle(text), ms);
    return () => clearTimeout(timer);
    // onSettle is a fresh closure each render: the typed text is what triggers it.
  }, [text, value, ms]);
  return [text, setText] as const;
}
