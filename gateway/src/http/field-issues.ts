/**
 * The chaincode's INVALID_ARGUMENT detail (`field: reason (allowed: a, b); field2: reason`) as field issues for the
 * HTTP error body, so a client sees each bad field, the reason and the allowed values (issue 16) as JSON.
 */
export interface FieldIssueWithAllowed {
  readonly field: string;
  readonly message: string;
  readonly allowed?: readonly string[];
}

const ISSUE = /^([A-Za-z0-9_.[\]$-]+|record): (.*?)(?: \(allowed: (.*)\))?$/s;

/** Parses a validation detail into issues; undefined when it is not a field list. */
export function fieldIssuesOf(detail: string): FieldIssueWithAllowed[] | undefined {
  const issues: FieldIssueWithAllowed[] = [];
  for (const part of detail.split('; ')) {
    const match = ISSUE.exec(part);
    if (match === null) return undefined;
    const [, field = '', message = '', allowed] = match;
    issues.push(allowed === undefined ? { field, message } : { field, message, allowed: allowed.split(', ') });
  }
  return issues.length === 0 ? undefined : issues;
}
