/** A read of something that may not exist: the ledger's NOT_FOUND is "absent"; any other failure (an unavailable ledger) propagates. */
import { LedgerError } from '../ledger/errors';

export async function unlessNotFound<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof LedgerError && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
}
