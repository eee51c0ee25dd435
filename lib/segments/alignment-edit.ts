import { normalizeCellText, writeCellText } from "../cells/write-cell-text";
import type { Tx } from "../db/client";
import { Prisma } from "../db/generated/client";
import type { AlignmentStatus, CellStatus, RevisionKind } from "../db/generated/enums";
import { AppError } from "../errors";
import { checkDocumentRowCount } from "../limits";
import {
  type CellEffect,
  type ChangeSummaries,
  DETAILS_FORMAT,
  detailsJson,
  type LanguageEffect,
  type LoggedKind,
  type RowEffect,
} from "./details";

export interface RowState {
  id: number;
  position: number;
  deletedAt: Date | null;
  alignmentStatus: AlignmentStatus;
}

export interface CellState {
  id: number;
  segmentId: number;
  languageId: number;
  text: string;
  headRevisionId: number | null;
  version: number;
}

/** A row a change created, with its cells. */
export interface NewRow {
  id: number;
  cellOf: (languageId: number) => CellState;
}

export interface LanguageRef {
  id: number;
  code: string;
  label: string;
}

/** A language as a change that removes, restores or renames it sees it. */
export interface LanguageState extends LanguageRef {
  deletedAt: Date | null;
}

/** What every structural operation answers with, besides its own fields. */
export interface ChangeWritten {
  /** The alignment-log entry; null when the operation found nothing to change and wrote nothing. */
  changeId: number | null;
  documentId: number;
  /** Rows created, deleted, restored, moved or whose cells changed (live or not), ascending. */
  segmentIds: number[];
}

const rowSelect = { id: true, position: true, deletedAt: true, alignmentStatus: true } as const;
const languageSelect = { id: true, code: true, label: true, deletedAt: true } as const;

export const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/**
 * One structural change of one document, inside the caller's transaction.
 * Opening it locks the document, so structural operations on a document
 * (and its log) serialize. Operations change rows and cells
 * through its methods; `finish` compares what it saw first with what is
 * there now and writes the log entry from that difference, so the recorded
 * transitions are exactly what happened, not what the operation meant to do.
 */
export class AlignmentEdit {
  /** One timestamp for everything this change does (deletions, the document's updatedAt). */
  readonly now = new Date();
  private readonly rowsBefore: Map<number, RowState>;
  private readonly cellsBefore = new Map<number, CellState>();
  /** Cells created by this change, with the row each was created in. */
  private readonly createdCells = new Map<number, number>();
  private createdRows = 0;
  /** Languages this change removed, restored or renamed, as they were before it. */
  private readonly languagesBefore = new Map<number, LanguageState>();
  /** The live languages when the change began, in column order: the ones operations act on. */
  readonly languages: LanguageRef[];

  private constructor(
    readonly tx: Tx,
    readonly documentId: number,
    readonly slug: string,
    readonly authorId: number,
    /** Every language of the document when the change began, removed ones included, in column order. */
    readonly allLanguages: LanguageState[],
    /** Every row of the document when the change began, deleted ones included, in order. */
    readonly rows: RowState[],
  ) {
    this.rowsBefore = new Map(rows.map((row) => [row.id, row]));
    this.languages = allLanguages.filter((language) => language.deletedAt === null);
  }

  static async open(tx: Tx, options: { documentId: number; authorId: number }): Promise<AlignmentEdit> {
    const author = await tx.user.findUnique({ where: { id: options.authorId }, select: { id: true } });
    if (!author) throw new AppError("user_not_found", `There is no user ${options.authorId}`, { status: 404 });
    // NO KEY UPDATE: conflicts with itself, so two structural changes of one
    // document take turns, but not with the key-share locks that inserting
    // rows referring to the document takes.
    const [document] = await tx.$queryRaw<{ id: number; slug: string }[]>`
      SELECT id, slug FROM "Document" WHERE id = ${options.documentId} FOR NO KEY UPDATE`;
    if (!document) throw new AppError("document_not_found", `There is no document ${options.documentId}`, { status: 404 });
    // The rows need no locks of their own: every write of a document's rows
    // (here, and the import and realign that use this class) holds this lock.
    // One connection serves the transaction: its queries go one after another.
    const rows = await tx.segment.findMany({
      where: { documentId: options.documentId },
      orderBy: [{ position: "asc" }, { id: "asc" }],
      select: rowSelect,
    });
    const languages = await tx.documentLanguage.findMany({
      where: { documentId: options.documentId },
      orderBy: [{ position: "asc" }, { id: "asc" }],
      select: languageSelect,
    });
    return new AlignmentEdit(tx, options.documentId, document.slug, options.authorId, languages, rows);
  }

  /** Opens the change on the document of a row; 404 when the row does not exist. */
  static async openAt(tx: Tx, options: { segmentId: number; authorId: number }): Promise<{ edit: AlignmentEdit; segment: RowState }> {
    // A row never changes document, so reading this before the locks is safe.
    const found = await tx.segment.findUnique({ where: { id: options.segmentId }, select: { documentId: true } });
    if (!found) throw new AppError("segment_not_found", `There is no row ${options.segmentId}`, { status: 404 });
    const edit = await AlignmentEdit.open(tx, { documentId: found.documentId, authorId: options.authorId });
    return { edit, segment: edit.row(options.segmentId)! };
  }

  row(id: number): RowState | undefined {
    return this.rowsBefore.get(id);
  }

  /** The live rows, in reading order, as the change found them. */
  get liveRows(): RowState[] {
    return this.rows.filter((row) => row.deletedAt === null);
  }

  /** How people name a row: its 1-based number among live rows. */
  describeRow(id: number, liveRows: RowState[] = this.liveRows): string {
    const index = liveRows.findIndex((row) => row.id === id);
    return index < 0 ? `deleted row ${id}` : `row ${index + 1}`;
  }

  /** 0-based index among live rows; 409 when the row is deleted. */
  liveIndex(segment: RowState): number {
    const index = this.liveRows.findIndex((row) => row.id === segment.id);
    if (index < 0) {
      throw new AppError("segment_deleted", `Row ${segment.id} has been deleted; restore it first`, { status: 409 });
    }
    return index;
  }

  language(code: string): LanguageRef {
    const language = this.languages.find((candidate) => candidate.code === code);
    if (!language) throw new AppError("language_not_found", `This document has no "${code}" version`, { status: 404 });
    return language;
  }

  /** Any language of the document, removed ones included (a cell's language, say). */
  languageById(id: number): LanguageRef {
    return this.allLanguages.find((language) => language.id === id)!;
  }

  /**
   * Removes, restores or renames a language. Only the language row changes:
   * its cells stay as they are, hidden while it is removed. A removal
   * records who made it; a restore clears both.
   */
  async updateLanguage(id: number, data: { code?: string; deletedAt?: Date | null }) {
    const language = this.allLanguages.find((candidate) => candidate.id === id);
    if (!language) throw new Error(`AlignmentEdit.updateLanguage: language ${id} is not of document ${this.documentId}`);
    if (!this.languagesBefore.has(id)) this.languagesBefore.set(id, language);
    await this.tx.documentLanguage.update({
      where: { id },
      data: {
        ...(data.code !== undefined ? { code: data.code } : {}),
        ...(data.deletedAt !== undefined ? { deletedAt: data.deletedAt, deletedById: data.deletedAt ? this.authorId : null } : {}),
      },
    });
  }

  get lastPosition(): number {
    return this.rows.reduce((last, row) => Math.max(last, row.position), -1);
  }

  /**
   * Locks cells (by id, or by row and optionally language) and remembers
   * their state before this change touches them.
   */
  async lockCells(filter: { ids: number[] } | { segmentIds: number[]; languageIds?: number[] }): Promise<Map<number, CellState>> {
    // Arrays, not lists of parameters: a shift near the top of a long document locks every cell below it.
    const condition =
      "ids" in filter
        ? filter.ids.length
          ? Prisma.sql`id = ANY(${filter.ids}::int[])`
          : null
        : filter.segmentIds.length
          ? filter.languageIds
            ? Prisma.sql`"segmentId" = ANY(${filter.segmentIds}::int[]) AND "languageId" = ANY(${filter.languageIds}::int[])`
            : Prisma.sql`"segmentId" = ANY(${filter.segmentIds}::int[])`
          : null;
    if (!condition) return new Map();
    // Locked and read in one statement: a row locked after waiting is read as the committed version it waited for.
    const cells = await this.tx.$queryRaw<CellState[]>`
      SELECT id, "segmentId", "languageId", text, "headRevisionId", version FROM "Cell" WHERE ${condition} ORDER BY id FOR UPDATE`;
    for (const cell of cells) {
      if (!this.cellsBefore.has(cell.id) && !this.createdCells.has(cell.id)) this.cellsBefore.set(cell.id, cell);
    }
    return new Map(cells.map((cell) => [cell.id, cell]));
  }

  /**
   * The cells of some rows by row and language, locked. A row missing a
   * language (a language added without filling old rows) gets an empty cell,
   * so every operation sees one cell per row and language.
   */
  async rowCells(segmentIds: number[], languageIds: number[] = this.languages.map((language) => language.id)) {
    const cells = await this.lockCells({ segmentIds, languageIds });
    const grid = new Map<number, Map<number, CellState>>(segmentIds.map((id) => [id, new Map()]));
    for (const cell of cells.values()) grid.get(cell.segmentId)!.set(cell.languageId, cell);
    const missing = segmentIds.flatMap((segmentId) =>
      languageIds.filter((languageId) => !grid.get(segmentId)!.has(languageId)).map((languageId) => ({ segmentId, languageId })),
    );
    for (const cell of await this.createCells(missing)) grid.get(cell.segmentId)!.set(cell.languageId, cell);
    return {
      cell: (segmentId: number, languageId: number): CellState => grid.get(segmentId)!.get(languageId)!,
    };
  }

  private async createCells(cells: { segmentId: number; languageId: number }[]): Promise<CellState[]> {
    if (!cells.length) return [];
    const created = await this.tx.$queryRaw<CellState[]>`
      INSERT INTO "Cell" ("segmentId", "languageId", "updatedAt")
      SELECT "segmentId", "languageId", ${this.now} FROM unnest(${cells.map((cell) => cell.segmentId)}::int[], ${cells.map((cell) => cell.languageId)}::int[]) AS v("segmentId", "languageId")
      RETURNING id, "segmentId", "languageId", text, "headRevisionId", version`;
    for (const cell of created) this.createdCells.set(cell.id, cell.segmentId);
    return created;
  }

  /** Makes room at `position`: that position and every later one moves one down, deleted rows too. */
  async shiftPositionsFrom(position: number, options: { except?: number } = {}) {
    await this.tx.$executeRaw`
      UPDATE "Segment" SET position = position + 1
       WHERE "documentId" = ${this.documentId} AND position >= ${position} AND id <> ${options.except ?? 0}`;
  }

  /** Adds positions to rows in a range (inclusive), e.g. to close the gap a moved row leaves. */
  async addToPositions(range: { from: number; to: number; by: 1 | -1; except: number }) {
    await this.tx.$executeRaw`
      UPDATE "Segment" SET position = position + ${range.by}
       WHERE "documentId" = ${this.documentId} AND position BETWEEN ${range.from} AND ${range.to} AND id <> ${range.except}`;
  }

  async setPositions(positions: { id: number; position: number }[]) {
    if (!positions.length) return;
    await this.tx.$executeRaw`
      UPDATE "Segment" AS s SET position = v.position
        FROM unnest(${positions.map((row) => row.id)}::int[], ${positions.map((row) => row.position)}::int[]) AS v(id, position)
       WHERE s.id = v.id AND s."documentId" = ${this.documentId}`;
  }

  async updateRow(id: number, data: { position?: number; deletedAt?: Date | null; alignmentStatus?: AlignmentStatus }) {
    await this.tx.segment.update({ where: { id }, data });
  }

  /** A new row at `position` with an empty cell in every language. */
  async createRow(position: number): Promise<NewRow> {
    return (await this.createRows([position]))[0]!;
  }

  /** New rows at distinct positions, each with an empty cell in every language, in two statements however many. */
  async createRows(positions: number[]): Promise<NewRow[]> {
    if (!positions.length) return [];
    // Every way rows are added (split, insert, a shift's appended row, an import, a realignment) comes here.
    checkDocumentRowCount(this.rows.length + this.createdRows, positions.length, this.slug);
    this.createdRows += positions.length;
    const rows = await this.tx.$queryRaw<{ id: number; position: number }[]>`
      INSERT INTO "Segment" ("documentId", position, "createdAt")
      SELECT ${this.documentId}, position, ${this.now} FROM unnest(${positions}::int[]) AS v(position)
      RETURNING id, position`;
    const idAt = new Map(rows.map((row) => [row.position, row.id]));
    // Removed languages too: every row keeps a cell per language, so bringing one back finds its column whole.
    const cells = await this.createCells(
      rows.flatMap((row) => this.allLanguages.map((language) => ({ segmentId: row.id, languageId: language.id }))),
    );
    const cellAt = new Map(cells.map((cell) => [`${cell.segmentId} ${cell.languageId}`, cell]));
    return positions.map((position) => {
      const id = idAt.get(position)!;
      return { id, cellOf: (languageId: number) => cellAt.get(`${id} ${languageId}`)! };
    });
  }

  /**
   * Moves cells to other rows, keeping their text, head and history. One
   * statement: (segment, language) uniqueness is checked at commit, so the
   * moves may rotate cells through rows.
   */
  async moveCells(moves: { cellId: number; segmentId: number }[]) {
    if (!moves.length) return;
    // Cells this change already read are locked; only others need it.
    await this.lockCells({ ids: moves.map((move) => move.cellId).filter((id) => !this.cellsBefore.has(id) && !this.createdCells.has(id)) });
    await this.tx.$executeRaw`
      UPDATE "Cell" AS c SET "segmentId" = v."segmentId", "updatedAt" = ${this.now}
        FROM unnest(${moves.map((move) => move.cellId)}::int[], ${moves.map((move) => move.segmentId)}::int[]) AS v(id, "segmentId")
       WHERE c.id = v.id`;
  }

  /**
   * New text for a cell, through the one write path (a revision, the version
   * bumped). Text only moves between rows here, so stale flags stay as they are.
   */
  async writeText(cellId: number, text: string, kind: RevisionKind, note?: string) {
    await this.lockCells({ ids: [cellId] });
    return writeCellText(this.tx, { cellId, text, authorId: this.authorId, kind, note: note ?? null, structural: true });
  }

  /**
   * New texts for many cells at once (an import, a realignment), with the
   * same effect as writeText on each but a fixed number of statements, so a
   * 10,000-row import stays one short transaction. A status, when given,
   * replaces the cell's.
   */
  async writeTexts(writes: { cellId: number; text: string; status?: CellStatus }[], kind: RevisionKind, note?: string) {
    const cells = await this.lockCells({ ids: writes.map((write) => write.cellId) });
    const changed = writes
      .map((write) => ({ ...write, text: normalizeCellText(write.text) }))
      .filter((write) => write.text !== cells.get(write.cellId)!.text);
    if (!changed.length) return;
    const revisions = await this.tx.$queryRaw<{ id: number; cellId: number }[]>`
      INSERT INTO "Revision" ("cellId", text, "parentId", "authorId", kind, note, "createdAt")
      SELECT v."cellId", v.text, v."parentId", ${this.authorId}, ${kind}::"RevisionKind", ${note ?? null}, ${this.now}
        FROM unnest(${changed.map((write) => write.cellId)}::int[], ${changed.map((write) => write.text)}::text[],
                    ${changed.map((write) => cells.get(write.cellId)!.headRevisionId)}::int[]) AS v("cellId", text, "parentId")
      RETURNING id, "cellId"`;
    const revisionOf = new Map(revisions.map((revision) => [revision.cellId, revision.id]));
    await this.tx.$executeRaw`
      UPDATE "Cell" AS c
         SET text = v.text, "headRevisionId" = v.revision, version = c.version + 1,
             status = COALESCE(v.status::"CellStatus", c.status), "updatedAt" = ${this.now}
        FROM unnest(${changed.map((write) => write.cellId)}::int[], ${changed.map((write) => write.text)}::text[],
                    ${changed.map((write) => revisionOf.get(write.cellId)!)}::int[], ${changed.map((write) => write.status ?? null)}::text[])
             AS v(id, text, revision, status)
       WHERE c.id = v.id`;
  }

  /**
   * Writes the log entry from the difference between the state this change
   * found and the state it leaves. Nothing changed: nothing is written.
   */
  async finish<Kind extends LoggedKind>(
    kind: Kind,
    summary: ChangeSummaries[Kind],
    options: { revertsId?: number } = {},
  ): Promise<ChangeWritten> {
    const rows = await this.rowEffects();
    const cells = await this.cellEffects();
    const languages = await this.languageEffects();
    const segmentIds = new Set([...rows.map((row) => row.id), ...cells.flatMap((cell) => cell.segment)]);
    if (!rows.length && !cells.length && !languages.length) return { changeId: null, documentId: this.documentId, segmentIds: [] };

    const change = await this.tx.alignmentChange.create({
      data: {
        documentId: this.documentId,
        kind,
        authorId: this.authorId,
        revertsId: options.revertsId ?? null,
        details: detailsJson({ format: DETAILS_FORMAT, summary: { ...summary }, rows, cells, ...(languages.length ? { languages } : {}) }),
      },
      select: { id: true },
    });
    await this.tx.document.update({ where: { id: this.documentId }, data: { updatedAt: this.now } });
    return { changeId: change.id, documentId: this.documentId, segmentIds: [...segmentIds].sort((a, b) => a - b) };
  }

  private async rowEffects(): Promise<RowEffect[]> {
    const after = await this.tx.segment.findMany({
      where: { documentId: this.documentId },
      orderBy: [{ position: "asc" }, { id: "asc" }],
      select: rowSelect,
    });
    const effects: RowEffect[] = [];
    for (const row of after) {
      const before = this.rowsBefore.get(row.id);
      if (!before) {
        effects.push({ id: row.id, created: true, position: [null, row.position] });
        continue;
      }
      const effect: RowEffect = { id: row.id };
      if (before.position !== row.position) effect.position = [before.position, row.position];
      if (iso(before.deletedAt) !== iso(row.deletedAt)) effect.deletedAt = [iso(before.deletedAt), iso(row.deletedAt)];
      if (before.alignmentStatus !== row.alignmentStatus) effect.status = [before.alignmentStatus, row.alignmentStatus];
      if (Object.keys(effect).length > 1) effects.push(effect);
    }
    return effects;
  }

  private async languageEffects(): Promise<LanguageEffect[]> {
    if (!this.languagesBefore.size) return [];
    const after = await this.tx.documentLanguage.findMany({
      where: { id: { in: [...this.languagesBefore.keys()] } },
      orderBy: { id: "asc" },
      select: languageSelect,
    });
    const effects: LanguageEffect[] = [];
    for (const language of after) {
      const before = this.languagesBefore.get(language.id)!;
      const effect: LanguageEffect = { id: language.id };
      if (before.code !== language.code) effect.code = [before.code, language.code];
      if (iso(before.deletedAt) !== iso(language.deletedAt)) effect.deletedAt = [iso(before.deletedAt), iso(language.deletedAt)];
      if (Object.keys(effect).length > 1) effects.push(effect);
    }
    return effects;
  }

  private async cellEffects(): Promise<CellEffect[]> {
    const ids = [...this.cellsBefore.keys(), ...this.createdCells.keys()];
    if (!ids.length) return [];
    const after = await this.tx.$queryRaw<CellState[]>`
      SELECT id, "segmentId", "languageId", text, "headRevisionId", version FROM "Cell" WHERE id = ANY(${ids}::int[]) ORDER BY id`;
    const effects: CellEffect[] = [];
    for (const cell of after) {
      const createdIn = this.createdCells.get(cell.id);
      const before = this.cellsBefore.get(cell.id) ?? { segmentId: createdIn!, text: "", headRevisionId: null, version: 0 };
      const changed =
        before.segmentId !== cell.segmentId || before.headRevisionId !== cell.headRevisionId || before.version !== cell.version;
      if (!changed && createdIn === undefined) continue;
      effects.push({
        id: cell.id,
        language: this.languageById(cell.languageId).code,
        ...(createdIn !== undefined ? { created: true as const } : {}),
        segment: [before.segmentId, cell.segmentId],
        head: [before.headRevisionId, cell.headRevisionId],
        version: [before.version, cell.version],
        ...(before.text !== cell.text ? { text: [before.text, cell.text] as [string, string] } : {}),
      });
    }
    return effects;
  }
}
