import source from "../../public/boundaries/SOURCE.md?raw";

/**
 * The boundary licence (CC BY 4.0) requires attribution on the map; the line is read from the
 * SOURCE.md shipped next to the GeoJSON so the two can never disagree.
 */
export const BOUNDARY_ATTRIBUTION: string =
  /^> (Boundaries ©.+)$/m.exec(source)?.[1]?.trim() ?? "Boundaries © Vonng/adcode (github.com/Vonng/adcode), CC BY 4.0";
