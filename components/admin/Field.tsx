"use client";

import { type ReactNode, useId } from "react";
import styles from "./admin.module.css";

/**
 * A labelled form control, the label beside it rather than around it: a
 * label wrapping a select would take the selected option into its name
 * ("Role translator").
 */
export function Field({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className={styles.field}>
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}
