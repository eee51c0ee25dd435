/**
 * What the person looking at a document may change in it, so the workbench
 * offers only that (the server checks every write again).
 */
export interface EditRights {
  /** The languages whose cells they may edit: none for readers without an account and viewers. */
  cells: string[];
  /**
   * The operations that rearrange every language's rows (merge, insert,
   * delete, move, confirm, restore, undo, redo, a split of all languages):
   * not for a translator limited to some languages, who may still split and
   * shift the cells they edit.
   */
  rows: boolean;
  /** Adding languages and renaming them: admins. */
  languages: boolean;
}
