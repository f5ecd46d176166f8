// generated from testdata/rules/extract.orphaned-file/doc.md (lines 3–7); edit the doc, not this file

export interface Order {
  id: string;
}
