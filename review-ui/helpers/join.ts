/** {{join list ", "}} */
export function join(list: unknown, separator: unknown): string {
  return Array.isArray(list) ? list.map(String).join(typeof separator === 'string' ? separator : ', ') : '';
}
