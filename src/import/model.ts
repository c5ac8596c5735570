/**
 * The common shape every reader produces: the document as a sequence of paragraphs and table rows, in reading
 * order. Table detection, column mapping and plan building work on this alone, so a .txt, .docx, .xlsx or
 * .pdf of the same plan gives the same draft.
 */

/** Formats the importer reads. */
export type SourceFormat = 'text' | 'csv' | 'docx' | 'xlsx' | 'pdf';

/** A paragraph of prose (one line of a text file, one <p> of a .docx, a lone cell of a sheet). */
export interface ParagraphBlock {
  kind: 'paragraph';
  text: string;
  /** Where it is in the source, in Vietnamese ("dòng 12", "trang 3", "Sheet1!A5"). */
  ref: string;
}

/** A table row; cells are plain text, list items kept one per line with a leading "- ". */
export interface RowBlock {
  kind: 'row';
  cells: string[];
  ref: string;
  /** Set by readers that know the line only continues the row above (a wrapped PDF line), unlike a row split
   *  by a page break, which the review mentions. */
  wrapped?: boolean;
}

export type Block = ParagraphBlock | RowBlock;

/** A document as read. */
export interface SourceDocument {
  format: SourceFormat;
  blocks: Block[];
}
