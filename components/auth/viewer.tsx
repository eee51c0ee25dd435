"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { UserRole } from "@/lib/db/generated/enums";
import { hasRole } from "@/lib/auth/roles";

/** The signed-in person looking at the page, as the layout read them from the session. */
export interface Viewer {
  handle: string;
  name: string;
  /** The role this session acts with. */
  role: UserRole;
}

const ViewerContext = createContext<Viewer | null>(null);

/** Gives every client component the signed-in person (null when nobody is signed in). */
export function ViewerProvider({ viewer, children }: { viewer: Viewer | null; children: ReactNode }) {
  return <ViewerContext.Provider value={viewer}>{children}</ViewerContext.Provider>;
}

export function useViewer(): Viewer | null {
  return useContext(ViewerContext);
}

/**
 * Whether the person looking may do what needs `role`: the interface offers
 * only what the server would allow (the server decides anyway).
 */
export function useHasRole(role: UserRole): boolean {
  const viewer = useViewer();
  return viewer !== null && hasRole(viewer.role, role);
}
