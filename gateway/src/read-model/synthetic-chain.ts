/**
 * Blocks shaped exactly as the Ledger port returns them (BlockView), with the records and receipts the contracts
 * write, generated deterministically at any scale: the input of `npm run bench:index` (1,000,000 transactions) and
 * of the query suite. Signatures are placeholders: the projection does not verify signatures (the chaincode did,
 * before the block was cut), so indexing speed does not depend on them. Names are realistic Chinese company and
 * product names so that substring search has the selectivity it has on real data.
 */
import type { BlockView, TransactionView } from '../ledger/ledger';

const PROVINCES = ['shanghai', 'jiangsu', 'zhejiang', 'anhui'] as const;
const MSP: Readonly<Record<string, string>> = { shanghai: 'ShanghaiMSP', jiangsu: 'JiangsuMSP', zhejiang: 'ZhejiangMSP', anhui: 'AnhuiMSP' };
const CITIES: Readonly<Record<string, readonly string[]>> = {
  shanghai: ['上海市'],
  jiangsu: ['南京市', '苏州市', '无锡市', '常州市', '南通市', '扬州市'],
  zhejiang: ['杭州市', '宁波市', '温州市', '嘉兴市', '湖州市', '绍兴市'],
  anhui: ['合肥市', '六安市', '滁州市', '芜湖市', '安庆市', '黄山市'],
};
const PLACE_WORDS = ['浦江', '江宁', '余杭', '蜀山', '金寨', '霍山', '天长', '来安', '明光', '姑苏', '滨江', '西湖', '瑶海', '包河', '鸠江', '屯溪', '海曙', '鹿城', '秀洲', '越城'];
const TRADE_WORDS = ['瓜片茶业', '石斛生物', '绿豆食品', '建设工程', '电子电器', '贸易', '餐饮管理', '信息技术', '农产品加工', '物流', '医药', '环保科技', '纺织', '机械制造', '新材料', '文化传媒', '家具', '水产', '粮油', '酒业'];
const ROOT_WORDS = ['华', '鑫', '恒', '瑞', '盛', '德', '信', '隆', '泰', '嘉', '安', '宏', '兴', '源', '润', '丰', '达', '祥', '和', '正'];
const PRODUCTS = ['六安瓜片', '霍山石斛', '明光绿豆', '黄山毛峰', '太平猴魁', '龙井茶', '阳澄湖大闸蟹', '宁波汤圆', '金华火腿', '碧螺春'];
const CATEGORIES = ['serious-illegal-dishonesty', 'court-judgement-defaulter', 'major-tax-violation', 'food-drug-safety', 'environmental-violation', 'wage-arrears', 'product-quality', 'a-class-taxpayer', 'contract-abiding'];
const LICENCE_TYPES = ['business-licence', 'food-business', 'food-production', 'drug-business', 'production-safety'];
const PURPOSES = ['执法协查', '信用核查', '行政许可审查', '联合惩戒'];

/** A deterministic pseudo-random sequence (mulberry32), so every run indexes the same chain. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticChainOptions {
  readonly transactions: number;
  readonly perBlock?: number;
  readonly seed?: number;
  /** First block's timestamp; each block is one second later. */
  readonly start?: string;
}

interface SyntheticDepartment {
  readonly id: string;
  readonly province: string;
  readonly city: string;
}

export function syntheticDepartments(): SyntheticDepartment[] {
  const departments: SyntheticDepartment[] = [];
  for (const province of PROVINCES) {
    for (const [i, city] of (CITIES[province] ?? []).entries()) departments.push({ id: `${province.slice(0, 2)}-d${i}`, province, city });
  }
  return departments;
}

/** Company name n: 安徽金寨华鑫瓜片茶业有限公司 and the like (8,000 distinct roots × provinces). */
export function companyName(n: number): string {
  const place = PLACE_WORDS[n % PLACE_WORDS.length] ?? '';
  const trade = TRADE_WORDS[Math.floor(n / PLACE_WORDS.length) % TRADE_WORDS.length] ?? '';
  const a = ROOT_WORDS[Math.floor(n / 400) % ROOT_WORDS.length] ?? '';
  const b = ROOT_WORDS[Math.floor(n / 8000) % ROOT_WORDS.length] ?? '';
  return `${place}${a}${b}${trade}有限公司`;
}

function creditCode(n: number): string {
  return `91${String(340000 + (n % 60000)).padStart(6, '0')}MA${n.toString(36).toUpperCase().padStart(8, '0')}`;
}

const SIGNATURE = { algorithm: 'SM2-SM3', keyId: 'synthetic#1', userId: '1234567812345678', value: '00' };

function tx(txId: string, blockNumber: number, index: number, province: string, timestamp: string, contract: string, fn: string, record: Record<string, unknown>, refs: Record<string, unknown>): TransactionView {
  const receipt = { id: record.id, type: record.type, department: record.department, keyId: SIGNATURE.keyId, txId, committedAt: timestamp, refs };
  return {
    txId,
    blockNumber,
    index,
    validationCode: 'VALID',
    creatorMspId: MSP[province] ?? 'ShanghaiMSP',
    timestamp,
    contract,
    transaction: fn,
    args: [JSON.stringify({ ...record, signature: SIGNATURE })],
    events: [{ contract, name: String(record.type), payload: JSON.stringify(receipt) }],
  };
}

/** Yields the blocks of a synthetic chain: block 0 registers the departments, then `transactions` mixed records. */
export function* syntheticChain(options: SyntheticChainOptions): Generator<BlockView> {
  const perBlock = options.perBlock ?? 100;
  const next = random(options.seed ?? 15);
  const start = Date.parse(options.start ?? '2025-01-01T00:00:00Z');
  const departments = syntheticDepartments();
  const at = (block: number): string => new Date(start + block * 1000).toISOString();
  const block0: TransactionView[] = departments.map((d, i) =>
    tx(`tx-0-${i}`, 0, i, d.province, at(0), 'department', 'register', { type: 'department.register', id: `reg-${d.id}`, department: d.id, nameZh: `${d.city}示范局${i}`, nameEn: `Demo bureau ${i}`, province: d.province, city: d.city, tier: 'city', roles: ['credit-issuer', 'licence-issuer', 'trace-actor', 'auditor'], key: { keyId: `${d.id}#1`, publicKey: '04', validFrom: at(0) } }, {}),
  );
  yield { number: 0, previousHash: '', dataHash: 'd0', hash: 'h0', hashAlgorithm: 'sm3', timestamp: at(0), transactions: block0 };
  let licences = 0;
  let batches = 0;
  let entries = 0;
  let written = 0;
  let previous = 'h0';
  for (let number = 1; written < options.transactions; number++) {
    const timestamp = at(number);
    const txs: TransactionView[] = [];
    for (let index = 0; index < perBlock && written < options.transactions; index++, written++) {
      const d = departments[Math.floor(next() * departments.length)] ?? departments[0];
      if (d === undefined) throw new Error('no departments');
      const id = `r${number}-${index}`;
      const txId = `tx${number}x${index}`;
      const roll = next();
      const company = Math.floor(next() * 160_000);
      if (roll < 0.2) {
        const entryId = `ce-${entries++}`;
        const list = next() < 0.8 ? 'black' : 'red';
        txs.push(tx(txId, number, index, d.province, timestamp, 'credit', 'addEntry', { type: 'credit.entry', id, department: d.id, list, subject: { kind: 'organisation', creditCode: creditCode(company), name: companyName(company) }, category: CATEGORIES[Math.floor(next() * CATEGORIES.length)], legalBasis: '《企业信息公示暂行条例》', measures: list === 'black' ? ['no-bidding', 'enhanced-supervision'] : ['green-channel'], validFrom: timestamp }, { entryId, subjectKey: creditCode(company), list }));
      } else if (roll < 0.4) {
        const number_ = `L${d.province.slice(0, 2).toUpperCase()}${String(licences++).padStart(9, '0')}`;
        txs.push(tx(txId, number, index, d.province, timestamp, 'licence', 'issue', { type: 'licence.issue', id, department: d.id, number: number_, licenceType: LICENCE_TYPES[Math.floor(next() * LICENCE_TYPES.length)], holder: { kind: 'organisation', creditCode: creditCode(company), name: companyName(company) }, title: '食品经营许可证', validFrom: timestamp, validTo: '2030-12-31T00:00:00Z', fileDigest: '0'.repeat(64) }, { number: number_, licenceType: 'food-business', holder: creditCode(company) }));
      } else if (roll < 0.45 && licences > 0) {
        const target = `L${d.province.slice(0, 2).toUpperCase()}${String(Math.floor(next() * licences)).padStart(9, '0')}`;
        txs.push(tx(txId, number, index, d.province, timestamp, 'licence', 'suspend', { type: 'licence.suspend', id, department: d.id, number: target, reason: '整改' }, { number: target, status: 'suspended', validTo: '2030-12-31T00:00:00Z' }));
      } else if (roll < 0.65) {
        const batchId = `B${String(batches++).padStart(9, '0')}`;
        const product = PRODUCTS[Math.floor(next() * PRODUCTS.length)] ?? '六安瓜片';
        txs.push(tx(txId, number, index, d.province, timestamp, 'trace', 'registerBatch', { type: 'trace.batch.register', id, department: d.id, batchId, product: { name: product }, origin: { province: '安徽省', city: d.city, county: '霍山县' }, producer: { kind: 'cooperative', name: companyName(company), creditCode: creditCode(company) }, quantity: 100, unit: 'kg', harvestSeason: '2025-spring' }, { batchId, qr: `dtl:${batchId}` }));
      } else if (roll < 0.8 && batches > 0) {
        const batchId = `B${String(Math.floor(next() * batches)).padStart(9, '0')}`;
        txs.push(tx(txId, number, index, d.province, timestamp, 'trace', 'recordEvent', { type: 'trace.event', id, department: d.id, batchId, kind: 'shipment', at: timestamp, details: {} }, { batchId, kind: 'shipment', stage: 'shipped', inspection: 'none' }));
      } else if (roll < 0.97) {
        const owner = departments[Math.floor(next() * departments.length)] ?? d;
        const allowed = next() < 0.9;
        txs.push(tx(txId, number, index, d.province, timestamp, 'sharing', 'recordAccess', { type: 'sharing.access', id, department: `${d.province.slice(0, 2)}-gateway`, reader: d.id, owner: owner.id, resourceId: 'credit-list', purpose: PURPOSES[Math.floor(next() * PURPOSES.length)] }, { allowed, basis: allowed ? 'unconditional' : 'no-grant', readerProvince: d.province, ownerProvince: owner.province }));
      } else {
        const tenderId = `T${number}-${index}`;
        txs.push(tx(txId, number, index, d.province, timestamp, 'tender', 'publish', { type: 'tender.publish', id, department: d.id, tenderId, title: `${companyName(company).slice(0, 4)}道路改造工程`, category: 'works', purchaser: companyName(company), documentDigest: '0'.repeat(64), bidDeadline: timestamp, revealDeadline: timestamp, ceilingPrice: 1000000 }, { tenderId }));
      }
    }
    const hash = `h${number}`;
    yield { number, previousHash: previous, dataHash: `d${number}`, hash, hashAlgorithm: 'sm3', timestamp, transactions: txs };
    previous = hash;
  }
}
