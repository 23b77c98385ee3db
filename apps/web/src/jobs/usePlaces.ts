import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTRPC } from "../lib/trpc";

/** Townships with their villages (public), and lookups by code. */
export function usePlaces() {
  const trpc = useTRPC();
  const places = useQuery(trpc.jobs.places.queryOptions(undefined, { staleTime: 60 * 60_000 }));
  return useMemo(() => {
    const townships = places.data ?? [];
    const villageNames = new Map<string, { name: string; townshipCode: string; townshipName: string }>();
    for (const t of townships) {
      for (const v of t.villages)
        villageNames.set(v.code, { name: v.name, townshipCode: t.code, townshipName: t.name });
    }
    const labels = townships.flatMap((t) =>
      t.lat !== null && t.lng !== null
        ? [{ code: t.code, name: t.name, lat: t.lat, lng: t.lng, pointApproximate: t.approximate }]
        : [],
    );
    return { query: places, townships, villageNames, labels };
  }, [places]);
}

/** "羊角村民委员会" → "羊角村": the committee's name as villagers say it. */
export function shortVillageName(name: string): string {
  return name.replace(/民委员会$/, "");
}
