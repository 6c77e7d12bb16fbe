import 'leaflet/dist/leaflet.css';
import { latLngBounds } from 'leaflet';
import { useEffect } from 'react';
import { CircleMarker, MapContainer, TileLayer, Tooltip, useMap } from 'react-leaflet';
import type { ProviderHit } from '../../../contract/api/network';

/** Frames the places whenever the list changes (not on every render, which would undo a pan). */
function FitTo({ points }: { points: Array<[number, number]> }) {
  const map = useMap();
  const key = points.map((p) => p.join(',')).join(';');
  useEffect(() => {
    // The container got its size from the grid after Leaflet first measured it; no animation,
    // which a second list arriving during the first one's flight would cut short.
    map.invalidateSize();
    if (points.length === 1) map.setView(points[0]!, 14, { animate: false });
    else if (points.length > 1) map.fitBounds(latLngBounds(points), { padding: [24, 24], maxZoom: 15, animate: false });
  }, [map, key]);
  return null;
}

/**
 * The places of the list on a map (Leaflet), tiles from the `mapTileUrl` setting. Circle
 * markers are drawn, not images, so nothing but the tiles is fetched. The list beside it is
 * the accessible view: the map is a picture of it for the eyes.
 */
/** Leaflet writes the credit as HTML: the setting's text goes in as text. */
const escapeHtml = (text: string) => text.replace(/[&<>"']/gu, (c) => `&#${c.charCodeAt(0)};`);

export default function ProviderMap(props: {
  tileUrl: string;
  attribution?: string;
  providers: ProviderHit[];
  label: string;
  onOpen: (providerId: string) => void;
}) {
  const located = props.providers.filter((p) => p.location);
  const points = located.map((p) => [p.location!.lat, p.location!.lon] as [number, number]);
  return (
    <div className="provider-map" role="region" aria-label={props.label}>
      <MapContainer center={[-2.5, 118]} zoom={4} scrollWheelZoom={false} keyboard={false}>
        <TileLayer url={props.tileUrl} attribution={escapeHtml(props.attribution ?? '')} />
        <FitTo points={points} />
        {located.map((p) => (
          <CircleMarker
            key={p.providerId}
            center={[p.location!.lat, p.location!.lon]}
            radius={7}
            pathOptions={{ color: p.cashless ? '#0b6e4f' : '#1f4e79', fillOpacity: 0.8 }}
            eventHandlers={{ click: () => props.onOpen(p.providerId) }}
          >
            <Tooltip>{p.name}</Tooltip>
          </CircleMarker>
        ))}
      </MapContainer>
    </div>
  );
}
