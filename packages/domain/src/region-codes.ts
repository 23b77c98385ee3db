/**
 * A prefecture's code is its four digits (3607 赣州市); a county's six, a township's nine, a village's twelve.
 * An official whose authority's region is a prefecture reads the prefecture overview and nothing planned
 * for a county: the server refuses, and the web app does not offer, the county pages.
 */
export function isPrefectureCode(code: string): boolean {
  return code.length === 4;
}
