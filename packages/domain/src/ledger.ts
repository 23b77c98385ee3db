/**
 * The component ledger: every quantity that moves between two locations is one
 * append-only movement. Balances are derived, never stored, so the conservation
 * rule of PRODUCT.md can be checked from the movements alone.
 */
export const LOCATIONS = [
  "factory",
  "in_transit",
  "workshop",
  "consumed",
  "scrapped",
  "lost",
  "returned_unused",
  // Where components counted above a delivery note come from: the workshop holds them, but no
  // dispatch sent them, so they enter the ledger from outside rather than from the factory's stock.
  "surplus",
] as const;
export type Location = (typeof LOCATIONS)[number];

/** Why a quantity moved; each kind has exactly one legal (from, to) pair. */
export const MOVEMENT_ROUTES = {
  dispatch: ["factory", "in_transit"],
  // 补料: sent beyond the kit (or apart from it) to replace what was lost or broken; counted apart.
  replacement: ["factory", "in_transit"],
  receipt: ["in_transit", "workshop"],
  receipt_shortfall: ["in_transit", "lost"],
  receipt_surplus: ["surplus", "workshop"],
  consumption: ["workshop", "consumed"],
  scrap: ["workshop", "scrapped"],
  return_unused: ["workshop", "in_transit"],
  unused_received: ["in_transit", "returned_unused"],
  unused_shortfall: ["in_transit", "lost"],
  tolerance_gain: ["factory", "workshop"],
  write_off: ["workshop", "lost"],
  // Finished units that never reached their receiver: the components inside them were consumed into
  // units nobody holds, so they move on to lost, attributed to the shipment (finished-units.ts).
  units_missing: ["consumed", "lost"],
  rework_lost: ["consumed", "lost"],
} as const satisfies Record<string, readonly [Location, Location]>;
export type MovementKind = keyof typeof MOVEMENT_ROUTES;

export interface Movement {
  componentCode: string;
  kind: MovementKind;
  qty: number;
  /** Why, where people must say so: scrap, write-offs and receipt lines that differ from the note. */
  reason?: string;
}

/** Per-component balance, in the vocabulary of the API contract. */
export interface ComponentBalance {
  componentCode: string;
  dispatched: number;
  inTransit: number;
  atWorkshop: number;
  consumed: number;
  scrapped: number;
  lost: number;
  returnedUnused: number;
  /** Part of `dispatched` that was booked as a tolerance gain rather than shipped. */
  gained: number;
  /** Counted on receipts above what the delivery notes said: held by the workshop, but never dispatched. */
  surplus: number;
  /** Part of `dispatched` sent as replacements (补料), outside the kit. */
  replaced: number;
}

export function emptyBalance(componentCode: string): ComponentBalance {
  return {
    componentCode,
    dispatched: 0,
    inTransit: 0,
    atWorkshop: 0,
    consumed: 0,
    scrapped: 0,
    lost: 0,
    returnedUnused: 0,
    gained: 0,
    surplus: 0,
    replaced: 0,
  };
}

const LOCATION_FIELD = {
  in_transit: "inTransit",
  workshop: "atWorkshop",
  consumed: "consumed",
  scrapped: "scrapped",
  lost: "lost",
  returned_unused: "returnedUnused",
} as const satisfies Record<Exclude<Location, "factory" | "surplus">, keyof ComponentBalance>;

function shift(balance: ComponentBalance, location: Location, delta: number): void {
  // The two sources count what left them: the factory what it dispatched, "surplus" what was found extra.
  if (location === "factory") balance.dispatched -= delta;
  else if (location === "surplus") balance.surplus -= delta;
  else balance[LOCATION_FIELD[location]] += delta;
}

export function applyMovement(balance: ComponentBalance, movement: Movement): void {
  const [from, to] = MOVEMENT_ROUTES[movement.kind];
  shift(balance, from, -movement.qty);
  shift(balance, to, movement.qty);
  if (movement.kind === "tolerance_gain") balance.gained += movement.qty;
  if (movement.kind === "replacement") balance.replaced += movement.qty;
}

/** Balances for every component code given (kit order), plus any that only appear in movements. */
export function balancesFrom(componentCodes: readonly string[], movements: Iterable<Movement>): ComponentBalance[] {
  const byCode = new Map<string, ComponentBalance>();
  for (const code of componentCodes) byCode.set(code, emptyBalance(code));
  for (const movement of movements) {
    let balance = byCode.get(movement.componentCode);
    if (!balance) {
      balance = emptyBalance(movement.componentCode);
      byCode.set(movement.componentCode, balance);
    }
    applyMovement(balance, movement);
  }
  return [...byCode.values()];
}

export interface ConservationBreach {
  componentCode: string;
  problem: string;
}

/** Everything that came into the batch's ledger: dispatched (tolerance gains included) plus surplus counted. */
export function suppliedOf(b: ComponentBalance): number {
  return b.dispatched + b.surplus;
}

/** Where it all is now: in transit + at workshop + consumed + scrapped + lost + returned unused. */
export function accountedOf(b: ComponentBalance): number {
  return b.inTransit + b.atWorkshop + b.consumed + b.scrapped + b.lost + b.returnedUnused;
}

/**
 * dispatched + surplus = in transit + at workshop + consumed + scrapped + lost + returned unused,
 * and no location but the two sources (factory, surplus) is ever negative.
 */
export function conservationBreaches(balances: readonly ComponentBalance[]): ConservationBreach[] {
  const breaches: ConservationBreach[] = [];
  for (const b of balances) {
    const supplied = suppliedOf(b);
    const accounted = accountedOf(b);
    if (accounted !== supplied) {
      breaches.push({
        componentCode: b.componentCode,
        problem: `dispatched ${b.dispatched} + surplus ${b.surplus} but ${accounted} accounted for`,
      });
    }
    for (const field of Object.values(LOCATION_FIELD)) {
      if (b[field] < 0) {
        breaches.push({ componentCode: b.componentCode, problem: `${field} is ${b[field]}` });
      }
    }
  }
  return breaches;
}
