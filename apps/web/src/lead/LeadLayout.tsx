import "./lead.css";
import { useEffect } from "react";
import { Outlet } from "react-router";
import { OfflineBanner } from "../offline/OfflineBanner";
import { OfflineQueueProvider } from "../offline/OfflineQueueProvider";

/** Frame of every lead page: the offline queue and its banner above the page. */
export function Component() {
  // Fetch the other lead pages while the network is there: a lead who loses it at the truck can
  // still open the confirm and return pages, and the offline queue takes what they submit.
  useEffect(() => {
    const warm = () => {
      // A failed fetch here only means the page loads on first use instead.
      const pages = [
        import("./ReceivePage"),
        import("./ReturnPage"),
        import("./BatchPage"),
        import("./TodayPage"),
        import("./ScanPage"),
        import("./OwedPage"),
        import("../workforce/PieceworkPage"),
      ];
      for (const page of pages) page.catch(() => undefined);
    };
    // Late enough that a first visit on a slow line gets Today's own code and data first.
    const timer = window.setTimeout(warm, 4_000);
    return () => window.clearTimeout(timer);
  }, []);
  return (
    <OfflineQueueProvider>
      <div className="lead-area">
        <OfflineBanner />
        <Outlet />
      </div>
    </OfflineQueueProvider>
  );
}
