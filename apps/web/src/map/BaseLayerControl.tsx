import { useTranslation } from "react-i18next";
import { LayerGroup, LayersControl, TileLayer, useMapEvents } from "react-leaflet";
import type { BaseLayer, BaseLayerId } from "./baseLayers";

export interface BaseLayerControlProps {
  layers: BaseLayer[];
  selected: BaseLayerId;
  onSelect(id: BaseLayerId): void;
}

/** Leaflet's layer control with the offline base first and checked; tile maps load only when picked. */
export function BaseLayerControl({ layers, selected, onSelect }: BaseLayerControlProps) {
  const { t } = useTranslation("map");
  const labelOf = (id: BaseLayerId) => t(`base.${id}`);
  useMapEvents({
    baselayerchange(event) {
      const layer = layers.find((l) => labelOf(l.id) === event.name);
      if (layer) onSelect(layer.id);
    },
  });
  return (
    <LayersControl position="topright">
      {layers.map((layer) => (
        <LayersControl.BaseLayer key={layer.id} name={labelOf(layer.id)} checked={layer.id === selected}>
          <LayerGroup>
            {layer.tiles.map((tile) => (
              <TileLayer
                key={tile.url}
                url={tile.url}
                subdomains={tile.subdomains ?? "abc"}
                attribution={tile.attribution}
                maxZoom={18}
              />
            ))}
          </LayerGroup>
        </LayersControl.BaseLayer>
      ))}
    </LayersControl>
  );
}
