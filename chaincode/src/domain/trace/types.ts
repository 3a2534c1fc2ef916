/**
 * Traceability records (来源可追溯、去向可查证、责任可追究) and the state the rules keep per batch.
 * Quantities are positive integers in the batch's unit so that conservation across split / merge / process
 * is exact (no floating point on the ledger).
 */
import type { RecordBase } from '../../records/common';

export const MASS_UNITS = { g: 1, kg: 1_000, t: 1_000_000 } as const;
export type MassUnit = keyof typeof MASS_UNITS;
export const COUNT_UNITS = ['piece', 'box', 'bag'] as const;
export type CountUnit = (typeof COUNT_UNITS)[number];
export const QUANTITY_UNITS = ['g', 'kg', 't', ...COUNT_UNITS] as const;
export type QuantityUnit = MassUnit | CountUnit;

/** Largest quantity accepted (in the batch's unit): well inside Number.MAX_SAFE_INTEGER even in grams of tonnes. */
export const MAX_QUANTITY = 1_000_000_000;

export const PRODUCER_KINDS = ['cooperative', 'company', 'family-farm'] as const;
export type ProducerKind = (typeof PRODUCER_KINDS)[number];

/** Where the batch was grown: Chinese administrative names, e.g. 安徽省 / 六安市 / 金寨县. */
export interface Origin {
  readonly province: string;
  readonly city: string;
  readonly county: string;
  /** Township, village or plot, e.g. 齐山村. */
  readonly place?: string;
}

/** A farmer cooperative (农民专业合作社), company or family farm, identified by its unified social credit code. */
export interface Producer {
  readonly kind: ProducerKind;
  readonly name: string;
  readonly creditCode: string;
}

export interface Product {
  /** Product name as sold, e.g. 六安瓜片, 霍山石斛, 明光绿豆. */
  readonly name: string;
  /** Standard or geographical-indication reference, e.g. GB/T 21824 (optional). */
  readonly standard?: string;
}

/** Everything that describes one batch; also the shape of each output of a derivation. */
export interface BatchSpec {
  readonly batchId: string;
  readonly product: Product;
  readonly origin: Origin;
  readonly producer: Producer;
  readonly quantity: number;
  readonly unit: QuantityUnit;
  /** e.g. 2024-spring (明前 teas), 2024-autumn (mung beans). */
  readonly harvestSeason: string;
}

/** `trace.batch.register`: a producer's batch, signed by a trace actor (or a regulator). */
export interface TraceBatchRecord extends RecordBase, BatchSpec {
  readonly type: 'trace.batch.register';
}

export const TRACE_EVENT_KINDS = ['planting', 'harvest', 'inspection', 'processing', 'shipment', 'sale', 'transfer', 'input-use'] as const;
export type TraceEventKind = (typeof TRACE_EVENT_KINDS)[number];

export interface PlantingDetails { readonly plot: string; readonly variety?: string }
export interface HarvestDetails { readonly method?: string }
export interface InspectionDetails {
  readonly laboratory: string;
  readonly reportNumber: string;
  /** SM3 digest (hex) of the inspection report file; the report itself stays off the ledger. */
  readonly reportDigest: string;
  readonly result: 'pass' | 'fail';
  readonly items?: readonly string[];
}
export interface ProcessingDetails { readonly process: string }
export interface ShipmentDetails { readonly from: string; readonly to: string; readonly carrier?: string }
export interface SaleDetails { readonly seller: string; readonly channel?: string }
/** A signed hand-over (交接) of the batch to another trace actor (processor, carrier, seller), who may then append events. */
export const TRANSFER_ROLES = ['processor', 'carrier', 'seller'] as const;
export interface TransferDetails { readonly to: string; readonly as: (typeof TRANSFER_ROLES)[number] }
/** Input use (投入品使用), as the 承诺达标合格证 carries it: what was applied, how much, when. */
export const INPUT_CATEGORIES = ['fertiliser', 'pesticide', 'veterinary-drug', 'feed', 'other'] as const;
export interface InputUseDetails {
  readonly category: (typeof INPUT_CATEGORIES)[number];
  /** Product name, e.g. 吡虫啉 10% 可湿性粉剂. */
  readonly name: string;
  /** Dose with its unit, e.g. 20 g/亩. */
  readonly dose: string;
  /** Pre-harvest interval (安全间隔期) in days, when the label gives one. */
  readonly safetyIntervalDays?: number;
}

export interface TraceEventDetails {
  readonly planting: PlantingDetails;
  readonly harvest: HarvestDetails;
  readonly inspection: InspectionDetails;
  readonly processing: ProcessingDetails;
  readonly shipment: ShipmentDetails;
  readonly sale: SaleDetails;
  readonly transfer: TransferDetails;
  readonly 'input-use': InputUseDetails;
}

interface TraceEventOf<K extends TraceEventKind> extends RecordBase {
  readonly type: 'trace.event';
  readonly batchId: string;
  readonly kind: K;
  /** When it happened in the world (ISO-8601 UTC); never later than the transaction recording it. */
  readonly occurredAt: string;
  readonly details: TraceEventDetails[K];
  readonly note?: string;
}

/** `trace.event`: one step along 生产-加工-检测-流通, signed by the actor (a trace actor department). The record id is the event id. */
export type TraceEventRecord = { [K in TraceEventKind]: TraceEventOf<K> }[TraceEventKind];

export const DERIVATION_KINDS = ['split', 'merge', 'process'] as const;
export type DerivationKind = (typeof DERIVATION_KINDS)[number];

export interface DerivationInput {
  readonly batchId: string;
  /** How much of the input batch is taken (in the input batch's unit). */
  readonly quantity: number;
}

/** `trace.derivation`: batches made from other batches. The record id is the derivation id. */
export interface TraceDerivationRecord extends RecordBase {
  readonly type: 'trace.derivation';
  readonly kind: DerivationKind;
  readonly inputs: readonly DerivationInput[];
  readonly outputs: readonly BatchSpec[];
  /** What was done, e.g. 杀青、揉捻、烘焙 (required for process). */
  readonly process?: string;
}

/** `trace.recall`: a regulator recalls a batch and, with it, every batch made from it. The record id is the recall id. */
export interface TraceRecallRecord extends RecordBase {
  readonly type: 'trace.recall';
  readonly batchId: string;
  readonly reason: string;
  /** e.g. 《中华人民共和国食品安全法》第六十三条. */
  readonly legalBasis: string;
}

export type BatchStage = 'registered' | 'planted' | 'harvested' | 'processed' | 'shipped' | 'sold';
export type InspectionStatus = 'none' | 'passed' | 'failed';
export type BatchProvenance = 'registered' | DerivationKind;

/** What the rules know about a batch, folded from its registration, derivations, events and recalls. */
export interface BatchState {
  readonly batchId: string;
  readonly provenance: BatchProvenance;
  readonly stage: BatchStage;
  readonly inspection: InspectionStatus;
  /** True when `inspection` was carried over from the sources of a split or merge. */
  readonly inspectionInherited: boolean;
  readonly quantity: number;
  /** Quantity already taken out of this batch by splits, merges and processing. */
  readonly consumed: number;
  readonly eventCount: number;
  readonly lastEventId: string | null;
  /** The recall that covers this batch (its own or an ancestor's), if any. */
  readonly recallId: string | null;
  /**
   * Departments holding the batch: the one that created it (registration or derivation) and those it handed the
   * batch to by a signed transfer. Only they may append production, processing, shipment and sale events or derive.
   */
  readonly custodians: readonly string[];
}
