// The key cache's IndexedDB layout, in one place: the worker's writer, the
// pages' reader and the popup's early-read script all open it by these names.
// Plain constants and one tiny function: early-read (a classic script built on
// its own) imports this file and must stay a few hundred bytes.
//
// One database per connection, named by its id: removing a connection deletes
// its database whole, and no record of one connection can be read under another.
/** The single database before connections existed; its records move to the first connection's database. */
export const LEGACY_CACHE_DB = 'workbase-cache';
/** The database of one connection (ids are [a-z0-9-], so the name needs no escaping). */
export function cacheDbName(connectionId: string): string {
  return `workbase-cache.${connectionId}`;
}
/** 2: the whole list as one record plus the first-screen record (1 kept one record per key). */
export const CACHE_VERSION = 2;
export const CACHE_STORE = 'snapshot';
/** Stores of older versions, dropped on upgrade. */
export const OLD_STORES: readonly string[] = ['keys', 'meta'];
/** The record ids inside CACHE_STORE. */
export const LIST_ID = 'list';
export const FIRST_SCREEN_ID = 'first-screen';
