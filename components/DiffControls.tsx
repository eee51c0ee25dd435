"use client";

import { useCallback, useId, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import { DEFAULT_DIFF_PREFERENCES, DIFF_PREFERENCES_KEY, parseDiffPreferences, type DiffPreferences } from "./diff-preferences";

// One store for the page: every diff and every control bar reads the same
// choice, and a choice made in another tab arrives through the storage event.
const listeners = new Set<() => void>();
let cached: { stored: string | null; preferences: DiffPreferences } | null = null;

function readStored(): string | null {
  try {
    return window.localStorage.getItem(DIFF_PREFERENCES_KEY);
  } catch {
    return null; // Storage can be disabled; the defaults still work.
  }
}

function currentPreferences(): DiffPreferences {
  const stored = readStored();
  if (cached?.stored !== stored) cached = { stored, preferences: parseDiffPreferences(stored) };
  return cached.preferences;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

function savePreferences(preferences: DiffPreferences) {
  try {
    window.localStorage.setItem(DIFF_PREFERENCES_KEY, JSON.stringify(preferences));
  } catch {
    // Without storage the choice lasts until the page is left.
    cached = { stored: readStored(), preferences };
  }
  for (const listener of listeners) listener();
}

/** The reader's diff preferences (remembered in localStorage) and a setter that updates every diff on the page. */
export function useDiffPreferences(): [DiffPreferences, (change: Partial<DiffPreferences>) => void] {
  const preferences = useSyncExternalStore(subscribe, currentPreferences, () => DEFAULT_DIFF_PREFERENCES);
  const update = useCallback((change: Partial<DiffPreferences>) => savePreferences({ ...currentPreferences(), ...change }), []);
  return [preferences, update];
}

/** Inline or side by side, words or characters, and whether to hide whitespace and punctuation changes. */
export function DiffControls() {
  const { t } = useTranslation();
  const [preferences, update] = useDiffPreferences();
  const hideTrivialId = useId();

  const segment = <K extends "layout" | "granularity">(key: K, value: DiffPreferences[K], label: string) => (
    <button type="button" aria-pressed={preferences[key] === value} onClick={() => update({ [key]: value })}>
      {label}
    </button>
  );

  return (
    <div className="diff-controls" role="group" aria-label={t("diff.controls")}>
      <span className="segmented" role="group" aria-label={t("diff.layout")}>
        {segment("layout", "inline", t("diff.inline"))}
        {segment("layout", "side-by-side", t("diff.sideBySide"))}
      </span>
      <span className="segmented" role="group" aria-label={t("diff.granularity")}>
        {segment("granularity", "word", t("diff.words"))}
        {segment("granularity", "char", t("diff.characters"))}
      </span>
      <span className="toggle">
        <input
          id={hideTrivialId}
          type="checkbox"
          checked={preferences.hideTrivial}
          onChange={(event) => update({ hideTrivial: event.target.checked })}
        />
        <label htmlFor={hideTrivialId}>{t("diff.hideTrivial")}</label>
      </span>
    </div>
  );
}
