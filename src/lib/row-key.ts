let keySeq = 0;
/** React keys for rows the user adds and removes (steps, identifiers, files); unique within the page, meaningless elsewhere. */
export function rowKey(): string {
  keySeq += 1;
  return `row-${keySeq}`;
}
