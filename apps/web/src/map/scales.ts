/** Line width in pixels for a flow: by the square root, so one big partner does not hide the rest. */
export function flowWidth(weight: number, maxWeight: number): number {
  if (weight <= 0 || maxWeight <= 0) return 1.5;
  return 2 + 10 * Math.sqrt(weight / maxWeight);
}

/** Proportional symbol: the circle's area, not its radius, grows with the number of people. */
export function symbolRadius(people: number, maxPeople: number, maxRadius = 22): number {
  if (people <= 0 || maxPeople <= 0) return 0;
  return Math.max(4, maxRadius * Math.sqrt(people / maxPeople));
}

/** Share of people from 脱贫 households, in five classes (light → dark), colour-blind safe. */
export const SHARE_CLASSES = [
  { upTo: 0.2, colour: "#fde0c5" },
  { upTo: 0.4, colour: "#facba6" },
  { upTo: 0.6, colour: "#f59e72" },
  { upTo: 0.8, colour: "#e05c3f" },
  { upTo: 1, colour: "#a6262a" },
] as const;

export function shareColour(share: number): string {
  for (const c of SHARE_CLASSES) if (share <= c.upTo) return c.colour;
  return SHARE_CLASSES[4].colour;
}

/** Below this zoom the village symbols would overlap; townships are drawn with their totals instead. */
export const VILLAGE_ZOOM = 11;
