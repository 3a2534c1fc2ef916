/** Strings of the trust-anchor panel and the anchored verdicts (zh-CN first, English), apart from i18n.ts. */
import { lang } from './i18n';

const en = {
  anchorTitle: 'Trust anchor',
  anchorPinned: 'Verifying against the pinned trust bundle',
  anchorNone: 'No trust bundle pinned: nothing on this page can be verified, so no verdict is shown as genuine.',
  anchorCompare: 'Compare this fingerprint with the one your province publishes (read it out over the phone if in doubt).',
  anchorReplace: 'Pin a bundle…',
  anchorPaste: 'Paste the trust bundle (JSON) that you trust',
  anchorPin: 'Pin',
  anchorFromServer: 'Load the bundle this server offers',
  anchorServerWarn: 'This bundle comes from the same server as the pages. Pin it only if its fingerprint equals the published one:',
  anchorConfirm: 'Fingerprints match: pin it',
  anchorRemove: 'Unpin',
  anchorBad: 'Not a usable trust bundle',
  anchorPublisher: 'published by',
  sigUnanchored: 'not verifiable: no trust anchor pinned',
  sigUnverifiable: 'could not be verified here',
  sigForged: 'does NOT verify against the pinned anchor',
  verdictInvalid: 'Verification failed',
  verdictUnanchored: 'Not verified',
  anchoredNote: 'Every record on this page was checked in this browser against the pinned trust bundle: block signature, the signer key’s registration, the SM2 signature, the transaction in its block (data hash recomputed from the block’s transactions) and the header hash.',
  notVerifiedNote: 'Some records could not be verified against the pinned trust bundle; the server’s own verdict is not shown as genuine.',
  recallContradicted: 'the server says genuine, but the chain it served holds a recall',
  blockSignedPinned: 'Block signed by the pinned ledger key',
  blockNotSignedPinned: 'Block signature does NOT verify under the pinned ledger key',
};

type Key = keyof typeof en;

const zh: Record<Key, string> = {
  anchorTitle: '信任锚',
  anchorPinned: '依据已固定的信任包进行校验',
  anchorNone: '尚未固定信任包：本页内容均无法校验，因此不显示任何“正品”结论。',
  anchorCompare: '请将此指纹与本省公布的指纹比对（如有疑问可电话核对）。',
  anchorReplace: '固定信任包…',
  anchorPaste: '粘贴您信任的信任包（JSON）',
  anchorPin: '固定',
  anchorFromServer: '加载本服务器提供的信任包',
  anchorServerWarn: '此信任包与页面来自同一服务器。仅当其指纹与公布的指纹一致时才可固定：',
  anchorConfirm: '指纹一致，固定',
  anchorRemove: '取消固定',
  anchorBad: '不是可用的信任包',
  anchorPublisher: '发布方',
  sigUnanchored: '无法校验：未固定信任锚',
  sigUnverifiable: '无法在此校验',
  sigForged: '未通过信任锚校验',
  verdictInvalid: '校验失败',
  verdictUnanchored: '未经校验',
  anchoredNote: '本页每条记录均已在本浏览器内依据固定的信任包校验：区块签名、签名密钥的链上登记、SM2 签名、交易在区块中（由区块交易重算数据哈希）以及区块头哈希。',
  notVerifiedNote: '部分记录无法依据固定的信任包校验；不将服务器自身的结论显示为正品。',
  recallContradicted: '服务器称为正品，但其提供的链中含有召回记录',
  blockSignedPinned: '区块由固定的账本密钥签名',
  blockNotSignedPinned: '区块签名未通过固定的账本密钥校验',
};

const dictionaries = { en, 'zh-CN': zh } as const;

export function tt(key: Key): string {
  return dictionaries[lang()][key];
}
