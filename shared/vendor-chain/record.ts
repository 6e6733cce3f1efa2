// One record of a vendor export as the checks see it, whatever its framing: where it is (file and 1-based
// line, as an auditor opens it in an editor), its members by name, and, for CSV, the bytes the raw-line
// canonical form hashes. Readers: jsonl.ts here; CSV in the engine (csv-parse, which needs Node's Buffer).

export interface ChainRecord {
  file: string;
  line: number;
  /** JSONL: the parsed object (I-JSON); CSV: column name → text of the cell */
  fields: Record<string, unknown>;
  /** CSV only: the row as written, without its line end, its final delimiter and its last (hash) column */
  rawWithoutHash: Uint8Array | null;
}
