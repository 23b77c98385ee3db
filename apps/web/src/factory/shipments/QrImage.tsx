import QRCode from "qrcode";
import { useEffect, useState } from "react";

/** A QR code rendered to a data URL in the browser, so it prints without any network request. */
export function QrImage({ value, alt, className }: { value: string; alt: string; className?: string }) {
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(value, { errorCorrectionLevel: "M", margin: 1, width: 240 })
      .then((url) => {
        if (live) setSrc(url);
      })
      .catch(() => {
        if (live) setSrc(undefined);
      });
    return () => {
      live = false;
    };
  }, [value]);
  return src ? <img src={src} alt={alt} className={className} data-qr-payload={value} /> : null;
}
