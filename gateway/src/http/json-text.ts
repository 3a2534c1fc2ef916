/**
 * Answers with JSON text the handler serialised itself (e.g. with proofJson), instead of `res.json`, which would
 * stringify again, copy the text into a Buffer and hash it for an ETag. For write answers: a POST answer is never
 * conditional, so the ETag served no one. The text is encoded to UTF-8 once (its length is the Content-Length).
 */
import type { Response } from 'express';

export function sendJsonText(res: Response, status: number, text: string): void {
  const body = Buffer.from(text, 'utf8');
  res.status(status);
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', body.length);
  res.end(body);
}
