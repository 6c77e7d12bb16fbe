/**
 * Indonesian cities with the coordinates of their centres: "Di dekat" in the provider search
 * picks one of these (the app asks the system for no location), and the demo places its
 * invented providers around them.
 */
export interface City {
  name: string;
  province: string;
  lat: number;
  lon: number;
}

export const CITIES: readonly City[] = [
  { name: 'Jakarta Selatan', province: 'DKI Jakarta', lat: -6.2615, lon: 106.8106 },
  { name: 'Jakarta Pusat', province: 'DKI Jakarta', lat: -6.1805, lon: 106.8284 },
  { name: 'Jakarta Barat', province: 'DKI Jakarta', lat: -6.1674, lon: 106.7637 },
  { name: 'Jakarta Timur', province: 'DKI Jakarta', lat: -6.225, lon: 106.9004 },
  { name: 'Jakarta Utara', province: 'DKI Jakarta', lat: -6.1384, lon: 106.8637 },
  { name: 'Surabaya', province: 'Jawa Timur', lat: -7.2575, lon: 112.7521 },
  { name: 'Bandung', province: 'Jawa Barat', lat: -6.9175, lon: 107.6191 },
  { name: 'Medan', province: 'Sumatera Utara', lat: 3.5952, lon: 98.6722 },
  { name: 'Semarang', province: 'Jawa Tengah', lat: -6.9667, lon: 110.4167 },
  { name: 'Makassar', province: 'Sulawesi Selatan', lat: -5.1477, lon: 119.4327 },
  { name: 'Denpasar', province: 'Bali', lat: -8.6705, lon: 115.2126 },
  { name: 'Yogyakarta', province: 'DI Yogyakarta', lat: -7.7956, lon: 110.3695 },
  { name: 'Palembang', province: 'Sumatera Selatan', lat: -2.9761, lon: 104.7754 },
  { name: 'Balikpapan', province: 'Kalimantan Timur', lat: -1.2379, lon: 116.8529 },
  { name: 'Samarinda', province: 'Kalimantan Timur', lat: -0.5022, lon: 117.1536 },
  { name: 'Malang', province: 'Jawa Timur', lat: -7.9666, lon: 112.6326 },
  { name: 'Bogor', province: 'Jawa Barat', lat: -6.5971, lon: 106.806 },
  { name: 'Tangerang', province: 'Banten', lat: -6.1783, lon: 106.6319 },
  { name: 'Bekasi', province: 'Jawa Barat', lat: -6.2383, lon: 106.9756 },
  { name: 'Surakarta', province: 'Jawa Tengah', lat: -7.5755, lon: 110.8243 },
  { name: 'Pekanbaru', province: 'Riau', lat: 0.5071, lon: 101.4478 },
  { name: 'Padang', province: 'Sumatera Barat', lat: -0.9471, lon: 100.4172 },
  { name: 'Bandar Lampung', province: 'Lampung', lat: -5.3971, lon: 105.2668 },
  { name: 'Banjarmasin', province: 'Kalimantan Selatan', lat: -3.3194, lon: 114.5908 },
  { name: 'Pontianak', province: 'Kalimantan Barat', lat: -0.0263, lon: 109.3425 },
  { name: 'Manado', province: 'Sulawesi Utara', lat: 1.4748, lon: 124.8421 },
  { name: 'Batam', province: 'Kepulauan Riau', lat: 1.0456, lon: 104.0305 },
  { name: 'Mataram', province: 'Nusa Tenggara Barat', lat: -8.5833, lon: 116.1167 },
  { name: 'Kupang', province: 'Nusa Tenggara Timur', lat: -10.1772, lon: 123.607 },
  { name: 'Jayapura', province: 'Papua', lat: -2.5337, lon: 140.7181 },
  { name: 'Ambon', province: 'Maluku', lat: -3.6954, lon: 128.1814 },
];
