/** The API addresses each public page reads first: built in one place, so main.ts can start them with the code. */
const enc = encodeURIComponent;

export const urls = {
  announcements: (): string => '/api/v1/public/credit/announcements?limit=5',
  creditSearch: (q: string): string => `/api/v1/public/credit/search?q=${enc(q)}`,
  creditLists: (query: URLSearchParams): string => `/api/v1/public/credit/lists?${query.toString()}`,
  creditSubject: (subject: string): string => `/api/v1/public/credit/subjects/${enc(subject)}`,
  trace: (batchId: string, checkCode: string | null): string => `/api/v1/trace/${enc(checkCode !== null && /^[0-9a-f]{8}$/.test(checkCode) ? `dtl-trace:1:${batchId}:${checkCode}` : batchId)}`,
  traceProofs: (batchId: string): string => `/api/v1/trace/${enc(batchId)}/proofs`,
  tenders: (stage: string | null): string => `/api/v1/public/tenders${stage ? `?stage=${enc(stage)}` : ''}`,
  tender: (tenderId: string): string => `/api/v1/public/tenders/${enc(tenderId)}`,
};

/** The list filters the credit page passes on (list, province, status). */
export function listQuery(params: URLSearchParams): URLSearchParams {
  const query = new URLSearchParams();
  for (const name of ['list', 'province', 'status']) {
    const value = params.get(name);
    if (value) query.set(name, value);
  }
  return query;
}

/** The first reads of the page at `section`/`id`. */
export function firstReads(section: string | undefined, id: string | undefined, params: URLSearchParams): string[] {
  switch (section) {
    case undefined:
      return [urls.announcements()];
    case 'credit': {
      if (id !== undefined) return [urls.creditSubject(id)];
      const q = (params.get('q') ?? '').trim();
      return [...(q.length >= 2 ? [urls.creditSearch(q)] : []), urls.creditLists(listQuery(params))];
    }
    case 'trace':
      // The proofs are read after the first view (they are only needed to verify, and a phone has few connections).
      return id === undefined ? [] : [urls.trace(id, params.get('c'))];
    case 'tenders':
      return [id === undefined ? urls.tenders(params.get('stage')) : urls.tender(id)];
    default:
      return [];
  }
}
