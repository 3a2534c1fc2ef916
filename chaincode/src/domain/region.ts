/** The four provincial-level regions of the Yangtze River Delta. */
export const PROVINCES = ['shanghai', 'jiangsu', 'zhejiang', 'anhui'] as const;
export type Province = (typeof PROVINCES)[number];

/** Fabric MSP id of each province's organisation (the same ids on the embedded ledger and on Fabric). */
export const PROVINCE_MSP: Readonly<Record<Province, string>> = {
  shanghai: 'ShanghaiMSP',
  jiangsu: 'JiangsuMSP',
  zhejiang: 'ZhejiangMSP',
  anhui: 'AnhuiMSP',
};

export function provinceOfMsp(mspId: string): Province | undefined {
  return PROVINCES.find((province) => PROVINCE_MSP[province] === mspId);
}

export function isProvince(value: string): value is Province {
  return (PROVINCES as readonly string[]).includes(value);
}

/** Private data collection holding a province's personal identifiers (clear ID numbers and their salts). */
export function personalCollection(province: Province): string {
  return `personal-${province}`;
}
