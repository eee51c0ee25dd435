/**
 * Where "Export this snapshot" points: TMX of the document exactly as the
 * snapshot shows it. The export API is not there yet, so the link answers
 * 404 until it lands.
 */
export const snapshotExportHref = (slug: string, snapshotId: number) =>
  `/api/documents/${slug}/export?format=tmx&at=snapshot:${snapshotId}`;
