import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../lib/trpc";

/** After any admin write the organisations page is stale as a whole: sites, accounts and partners hang off it. */
export function useRefreshOrganisations(): () => Promise<void> {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.admin.listOrganisations.queryKey() });
}
