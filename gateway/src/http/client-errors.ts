/**
 * Requests Node's HTTP parser refuses before Express sees them (a request line plus headers over 16 KiB, malformed
 * HTTP, a header timeout) get the API's JSON error body too, instead of Node's bare status line.
 */
import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';

interface ParserError extends Error {
  readonly code?: string;
}

function refusalOf(error: ParserError): { status: number; code: string; message: string } {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, code: 'HEADERS_TOO_LARGE', message: 'the request line and headers together exceed the 16 KiB limit' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, code: 'REQUEST_TIMEOUT', message: 'the request headers did not arrive in time' };
    default:
      return { status: 400, code: 'MALFORMED_HTTP', message: 'the request is not well-formed HTTP/1.1' };
  }
}

/** The raw HTTP/1.1 response for a parser error: JSON body, connection closed. */
export function clientErrorResponse(error: ParserError): string {
  const { status, code, message } = refusalOf(error);
  const body = JSON.stringify({ error: { code, message } });
  return [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

export function answerClientErrorsInJson(server: Server): void {
  server.on('clientError', (error: ParserError, socket: Duplex) => {
    // A reset peer, or a socket that already sent (part of) a response, cannot take another one.
    if (error.code === 'ECONNRESET' || !socket.writable || (socket as Duplex & { _httpMessage?: unknown })._httpMessage) {
      socket.destroy();
      return;
    }
    socket.end(clientErrorResponse(error));
  });
}
