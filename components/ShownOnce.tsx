"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";
import styles from "./shown-once.module.css";

/**
 * A secret shown this once (a new API token, a one-time sign-in link):
 * focused and selected when it appears, with a copy button and a button that
 * hides it for good. The texts come from the caller, in its own words.
 */
export function ShownOnce({
  value,
  label,
  children,
  texts,
  onDone,
  ...attributes
}: {
  value: string;
  /** The field's accessible name. */
  label: string;
  /** What it is and how long it lasts, above the field. */
  children: ReactNode;
  texts: { copy: string; copied: string; copyFailed: string; done: string };
  onDone: () => void;
} & Record<`data-${string}`, string>) {
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);

  useEffect(() => {
    field.current?.focus();
    field.current?.select();
  }, [value]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  }

  return (
    <div className={styles.box} role="status" {...attributes}>
      {children}
      <input ref={field} readOnly value={value} aria-label={label} onFocus={(event) => event.target.select()} />
      <button type="button" onClick={() => void copy()}>
        {texts.copy}
      </button>
      <button type="button" onClick={onDone}>
        {texts.done}
      </button>
      {copied && <span role={copied === "failed" ? "alert" : undefined}>{copied === "yes" ? texts.copied : texts.copyFailed}</span>}
    </div>
  );
}
