import { useTranslation } from "react-i18next";
import { Button } from "../ui/Button";

export function PrintButton() {
  const { t } = useTranslation("common");
  return (
    <Button variant="primary" className="no-print" onClick={() => window.print()}>
      {t("action.print")}
    </Button>
  );
}
