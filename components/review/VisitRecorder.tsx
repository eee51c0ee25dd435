"use client";

import { useEffect } from "react";
import { recordVisit } from "./last-visit";

/** Notes in this browser that the document is being looked at, for "changes since my last visit". Renders nothing. */
export function VisitRecorder({ slug }: { slug: string }) {
  useEffect(() => {
    recordVisit(window.localStorage, slug, new Date());
  }, [slug]);
  return null;
}
