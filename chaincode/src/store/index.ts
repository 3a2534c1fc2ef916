export { Store, toJsonValue, type Entry, type HistoryEntry } from './store';
export { KEYS, INDEX_VALUE } from './keys';
