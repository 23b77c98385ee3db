import type { RouterOutputs } from "@kitflow/api";

export type MapSites = RouterOutputs["map"]["sites"];
export type SitePoint = MapSites["points"][number];
export type SiteCluster = MapSites["clusters"][number];
export type MapFlows = RouterOutputs["map"]["flows"];
export type Flow = MapFlows["flows"][number];
export type MapVillages = RouterOutputs["map"]["villages"];
export type Village = MapVillages["villages"][number];
export type Township = MapVillages["townships"][number];
export type MapCoverage = RouterOutputs["map"]["coverage"];
export type ServiceGap = MapCoverage["gaps"][number];
export type MapPlaces = RouterOutputs["map"]["places"];
