import { defineRouteConfig } from "@medusajs/admin-sdk";
import { Toaster } from "@medusajs/ui";
import { BackfillSection } from "../../../components/BackfillSection";
import { DeadCallsSection } from "../../../components/DeadCallsSection";
import { FiguresSection } from "../../../components/FiguresSection";
import { RecentCallsSection } from "../../../components/RecentCallsSection";
import { StatusSection } from "../../../components/StatusSection";

/**
 * Settings › Segment: what trackmap sends and how delivery goes, for operators without a shell.
 * Everything comes from the plugin's admin routes (/admin/trackmap/...).
 */
export default function SegmentSettingsPage() {
  return (
    <div className="flex flex-col gap-y-3">
      <StatusSection />
      <FiguresSection />
      <DeadCallsSection />
      <RecentCallsSection />
      <BackfillSection />
      <Toaster />
    </div>
  );
}

export const config = defineRouteConfig({ label: "Segment" });
