import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { useTRPC } from "../lib/trpc";
import { Button } from "../ui/Button";
import { Card } from "../ui/Card";
import { Field } from "../ui/Field";
import { PageHeader } from "../ui/PageHeader";
import { INCOMING_QUERY } from "./incoming";
import { createFrameDecoder } from "./qr-decoder";
import { receivePathFromScan } from "./scan-target";

type CameraState = "idle" | "starting" | "scanning" | "denied" | "unavailable" | "insecure";

/** A few frames a second is plenty for a note held still, and spares an old phone's battery. */
const FRAME_INTERVAL_MS = 250;

function cameraProblem(error: unknown): CameraState {
  const name = (error as { name?: string })?.name;
  return name === "NotAllowedError" || name === "SecurityError" ? "denied" : "unavailable";
}

/** Scan the QR code on a paper delivery note and open its confirm page. */
export function Component() {
  const { t } = useTranslation("lead");
  const navigate = useNavigate();
  const trpc = useTRPC();
  const videoRef = useRef<HTMLVideoElement>(null);
  const [camera, setCamera] = useState<CameraState>("idle");
  const [attempt, setAttempt] = useState(0);
  const [unknownCode, setUnknownCode] = useState<string | null>(null);
  const [typed, setTyped] = useState("");
  const [typedError, setTypedError] = useState<string | undefined>();
  // Lets a typed delivery-note number (printed on the paper) find its shipment.
  const pending = useQuery(trpc.shipments.list.queryOptions(INCOMING_QUERY));

  // Deliberately keyed on the attempt only: a new attempt restarts the camera after the lead allowed it.
  useEffect(() => {
    if (!window.isSecureContext || !navigator.mediaDevices?.getUserMedia) {
      setCamera(window.isSecureContext ? "unavailable" : "insecure");
      return;
    }
    let stream: MediaStream | null = null;
    let timer: number | undefined;
    let stopped = false;
    setCamera("starting");

    const start = async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: { ideal: "environment" } },
          audio: false,
        });
        const video = videoRef.current;
        if (stopped || !video) return;
        video.srcObject = stream;
        await video.play();
        const { decode } = await createFrameDecoder();
        if (stopped) return;
        setCamera("scanning");
        const tick = async () => {
          if (stopped) return;
          const text = await decode(video).catch(() => null);
          if (stopped) return;
          if (text) {
            const path = receivePathFromScan(text);
            if (path) {
              stopped = true;
              navigate(path);
              return;
            }
            setUnknownCode(text);
          }
          timer = window.setTimeout(() => void tick(), FRAME_INTERVAL_MS);
        };
        void tick();
      } catch (error) {
        if (!stopped) setCamera(cameraProblem(error));
      }
    };
    void start();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [navigate, attempt]);

  const openTyped = (e: FormEvent) => {
    e.preventDefault();
    const text = typed.trim();
    const path = receivePathFromScan(text);
    if (path) {
      navigate(path);
      return;
    }
    const byNumber = pending.data?.find((s) => s.kind === "dispatch" && s.number.toLowerCase() === text.toLowerCase());
    if (byNumber) {
      navigate(`/receive/${byNumber.id}`);
      return;
    }
    setTypedError(t("scan.notFound"));
  };

  const problem = camera === "denied" || camera === "unavailable" || camera === "insecure";
  return (
    <>
      <PageHeader title={t("scan.title")} subtitle={t("scan.subtitle")} />
      <div className="scan-frame" data-state={camera} data-testid="scan-camera">
        <video ref={videoRef} className="scan-video" muted playsInline aria-label={t("scan.videoLabel")} />
        {camera !== "scanning" && (
          <p className="scan-message" role="status">
            {t(`scan.state.${camera}`)}
          </p>
        )}
      </div>
      {problem && (
        <Button className="btn-big btn-block" onClick={() => setAttempt((n) => n + 1)} data-testid="scan-retry">
          {t("scan.retryCamera")}
        </Button>
      )}
      {unknownCode && (
        <p className="form-error" role="alert" data-testid="scan-unknown">
          {t("scan.notKitflow", { text: unknownCode.slice(0, 80) })}
        </p>
      )}
      <Card title={t("scan.typeTitle")}>
        <form onSubmit={openTyped} noValidate>
          <Field
            label={t("scan.typeLabel")}
            value={typed}
            onChange={(e) => {
              setTyped(e.target.value);
              setTypedError(undefined);
            }}
            autoCapitalize="characters"
            autoComplete="off"
            error={typedError}
            data-testid="scan-typed"
          />
          <Button type="submit" variant="primary" className="btn-big btn-block">
            {t("scan.open")}
          </Button>
        </form>
      </Card>
      <Link className="btn btn-big btn-block" to="/lead">
        {t("common.backToToday")}
      </Link>
    </>
  );
}
