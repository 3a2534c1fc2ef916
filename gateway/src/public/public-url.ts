/**
 * The address every printed QR code holds (issue 17): an https page under the public base URL (DTL_PUBLIC_URL) with
 * the batch id and its check code, so a phone camera or WeChat opens the public trace page and the ledger can still
 * tell a genuine label from a copied batch id with a made-up code.
 *
 *   https://trace.example.gov.cn/trace/<batchId>?c=<checkCode>
 *
 * Without DTL_PUBLIC_URL (a local run) the base is derived from the request that asked for the QR code (its scheme
 * and Host), so `npm start` prints labels that open on the machine that printed them.
 */
import { trace } from '@dtl/chaincode';

/** A public base URL: http(s), no query or fragment, no trailing slash. Throws with the reason otherwise. */
export function parsePublicBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`DTL_PUBLIC_URL: ${JSON.stringify(value)} is not an absolute URL (e.g. https://trace.example.gov.cn)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('DTL_PUBLIC_URL: must be an https:// (or http://) address');
  if (url.search !== '' || url.hash !== '') throw new Error('DTL_PUBLIC_URL: must not carry a query or fragment');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** The base for a request: the configured one, else scheme://host of the request. */
export function publicBaseFor(configured: string | undefined, request: { readonly protocol: string; readonly host: string | undefined }): string {
  if (configured !== undefined) return configured;
  const host = request.host !== undefined && /^[A-Za-z0-9.:[\]-]{1,255}$/.test(request.host) ? request.host : '127.0.0.1';
  return `${request.protocol === 'https' ? 'https' : 'http'}://${host}`;
}

/** The public trace page's address for a QR payload `dtl-trace:1:<batchId>:<checkCode>`. */
export function traceAddress(base: string, qrPayload: string): string {
  const { batchId, checkCode } = trace.parseQrPayload(qrPayload);
  return `${base}/trace/${encodeURIComponent(batchId)}?c=${encodeURIComponent(checkCode)}`;
}

/** The public credit report's online check: the subject page under the base. */
export function creditSubjectAddress(base: string, subject: string): string {
  return `${base}/credit/${encodeURIComponent(subject)}`;
}
