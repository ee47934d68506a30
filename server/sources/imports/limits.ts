/** The largest import accepted, in characters (the API also takes the file as a raw body of this size). */
export const MAX_IMPORT_CHARS = 200 * 1024 * 1024;
