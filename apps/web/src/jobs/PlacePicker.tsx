import type { SelectHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import { Select } from "../ui/Select";
import { shortVillageName, type usePlaces } from "./usePlaces";

type Township = ReturnType<typeof usePlaces>["townships"][number];
type SelectExtras = Pick<SelectHTMLAttributes<HTMLSelectElement>, "name" | "required" | "disabled"> & {
  error?: string;
};

export interface PlacePickerProps {
  townships: readonly Township[];
  township: string;
  village: string;
  onTownship: (code: string) => void;
  onVillage: (code: string) => void;
  /** Extra attributes of each select: a form's field names, the village required with its error. */
  townshipSelect?: SelectExtras;
  villageSelect?: SelectExtras;
}

/** Township, then one of its villages, as villagers name them: the job search and the application form. */
export function PlacePicker({
  townships,
  township,
  village,
  onTownship,
  onVillage,
  townshipSelect,
  villageSelect,
}: PlacePickerProps) {
  const { t } = useTranslation("jobs");
  const villages = townships.find((tw) => tw.code === township)?.villages ?? [];
  return (
    <div className="jobs-where">
      <Select
        label={t("public.township")}
        value={township}
        onChange={(e) => onTownship(e.target.value)}
        {...townshipSelect}
      >
        <option value="">{t("public.pickTownship")}</option>
        {townships.map((tw) => (
          <option key={tw.code} value={tw.code}>
            {tw.name}
          </option>
        ))}
      </Select>
      <Select
        label={t("public.village")}
        value={village}
        onChange={(e) => onVillage(e.target.value)}
        {...villageSelect}
      >
        <option value="">{t("public.pickVillage")}</option>
        {villages.map((v) => (
          <option key={v.code} value={v.code}>
            {shortVillageName(v.name)}
          </option>
        ))}
      </Select>
    </div>
  );
}
