// The key cache's IndexedDB layout, in one place: the worker's writer, the
// pages' reader and the popup's early-read script all open it by these names.
// Plain constants and nothing else: early-read (a classic script built on its
// own) imports this file and must stay a few hundred bytes.
export const CACHE_DB = 'workbase-cache';
/** 2: the whole list as one record plus the first-screen record (1 kept one record per key). */
export const CACHE_VERSION = 2;
export const CACHE_STORE = 'snapshot';
/** Stores of older versions, dropped on upgrade. */
export const OLD_STORES: readonly string[] = ['keys', 'meta'];
/** The record ids inside CACHE_STORE. */
export const LIST_ID = 'list';
export const FIRST_SCREEN_ID = 'first-screen';
