import type { DisplayDatum } from "./coords";

export type BaseLayerId = "offline" | "tianditu" | "gaode" | "osm";

export interface TileSource {
  url: string;
  subdomains?: string;
  attribution: string;
}

export interface BaseLayer {
  id: BaseLayerId;
  /** The datum the tiles are drawn in; overlays are converted into it at display time. */
  datum: DisplayDatum;
  /** Drawn bottom to top; empty for the built-in vector base. */
  tiles: TileSource[];
}

/** Tianditu (天地图) WMTS in Web Mercator; CGCS2000 is within centimetres of WGS-84 for map display. */
function tiandituTiles(key: string): TileSource[] {
  const layer = (name: "vec" | "cva") =>
    `https://t{s}.tianditu.gov.cn/${name}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${name}` +
    `&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`;
  const attribution = "© 天地图 Tianditu (GS(2024)0650号)";
  return [
    { url: layer("vec"), subdomains: "01234567", attribution },
    { url: layer("cva"), subdomains: "01234567", attribution },
  ];
}

/**
 * The base maps on offer. Only the offline vector base works without internet; tile layers are
 * off by default and Tianditu appears only once a key has been entered.
 */
export function baseLayers(tiandituKey: string | null): BaseLayer[] {
  const layers: BaseLayer[] = [{ id: "offline", datum: "WGS84", tiles: [] }];
  if (tiandituKey) layers.push({ id: "tianditu", datum: "WGS84", tiles: tiandituTiles(tiandituKey) });
  layers.push(
    {
      id: "gaode",
      datum: "GCJ02",
      tiles: [
        {
          url: "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
          subdomains: "1234",
          attribution: "© 高德地图 AutoNavi",
        },
      ],
    },
    {
      id: "osm",
      datum: "WGS84",
      tiles: [
        {
          url: "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
          attribution: '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
        },
      ],
    },
  );
  return layers;
}

const KEY_STORAGE = "kitflow.tiandituKey";

export function storedTiandituKey(): string | null {
  try {
    return localStorage.getItem(KEY_STORAGE) || null;
  } catch {
    return null;
  }
}

export function storeTiandituKey(key: string | null): void {
  try {
    if (key) localStorage.setItem(KEY_STORAGE, key);
    else localStorage.removeItem(KEY_STORAGE);
  } catch {
    // Without storage the key still applies until the page is reloaded.
  }
}
