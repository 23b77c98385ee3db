import { QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { createBrowserRouter, RouterProvider } from "react-router";
import { makeTrpcClient, queryClient, TRPCProvider } from "../lib/trpc";
import { routes } from "./routes";
import { SessionProvider } from "./session";
import { UpdateBanner } from "./UpdateBanner";

const router = createBrowserRouter(routes);

export function App() {
  const [trpcClient] = useState(makeTrpcClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <SessionProvider>
          <UpdateBanner />
          <RouterProvider router={router} />
        </SessionProvider>
      </TRPCProvider>
    </QueryClientProvider>
  );
}
