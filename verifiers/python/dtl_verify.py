#!/usr/bin/env python3
"""An independent verifier of Delta Trust Ledger proofs (embedded ledger and Fabric), written from docs/verification.md only.

    python dtl_verify.py --trust trust.json proof.json [more proofs…] [--json]

Exit codes (docs/verification.md §8): 0 VALID, 1 INVALID, 2 bad input, 3 UNANCHORED (no --trust).
With several proofs the worst exit code wins; --json prints one JSON object per proof and line.
SM2/SM3 come from GmSSL (the gmssl-pyx binding), X.509 and ECDSA (Fabric) from `cryptography`; protobuf is read by
hand from the wire format; nothing here is shared with the TypeScript code.
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
from typing import Any, Callable

from gmssl_pyx import sm2_verify, sm3_hash

DEFAULT_USER_ID = "1234567812345678"
PROVINCE_MSPS = {"ShanghaiMSP", "JiangsuMSP", "ZhejiangMSP", "AnhuiMSP"}
MAX_PROVENANCE_DEPTH = 8
CANNOT_SHOW = ("an offline proof cannot show that the key was not revoked after this block, that no later record "
               "corrects or supersedes this one, or that the chain has not grown since")


# --- canonical JSON (§2) -------------------------------------------------------------------------------------------

def _js_string(text: str) -> str:
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\b":
            out.append("\\b")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\f":
            out.append("\\f")
        elif ch == "\r":
            out.append("\\r")
        elif code < 0x20:
            out.append("\\u%04x" % code)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _js_number(value: float | int) -> str:
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, int):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("number is not finite")
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    mantissa, _, exponent = repr(abs(value)).partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    point = len(whole) + (int(exponent) if exponent else 0)  # decimal point position within whole+fraction
    point -= len(whole + fraction) - len((whole + fraction).lstrip("0"))
    digits = digits.rstrip("0") or "0"
    k, n = len(digits), point
    if k <= n <= 21:
        text = digits + "0" * (n - k)
    elif 0 < n <= 21:
        text = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        text = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        text = (digits if k == 1 else digits[0] + "." + digits[1:]) + "e" + ("+" if e >= 0 else "-") + str(abs(e))
    return sign + text


def canonical_json(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return _js_number(value)
    if isinstance(value, str):
        return _js_string(value)
    if isinstance(value, list):
        return "[" + ",".join(canonical_json(v) for v in value) + "]"
    if isinstance(value, dict):
        keys = sorted(value.keys(), key=lambda k: k.encode("utf-16-be"))
        return "{" + ",".join(_js_string(k) + ":" + canonical_json(value[k]) for k in keys) + "}"
    raise ValueError(f"no canonical form for {type(value).__name__}")


# --- primitives ----------------------------------------------------------------------------------------------------

def sm3(data: bytes) -> bytes:
    return bytes(sm3_hash(data))


def carries_record(arg: Any, record: Any) -> bool:
    """A transaction argument carries the record: as itself (canonical JSON), or as its hash-only form (protected
    content, issue 12): same type, id, department and signature, and contentHash = SM3 of the record's signed bytes."""
    if not isinstance(arg, str) or not isinstance(record, dict):
        return False
    try:
        value = json.loads(arg)
    except ValueError:
        return False
    if canonical_json(value) == canonical_json(record):
        return True
    if not isinstance(value, dict) or value.get("form") != "hash-only":
        return False
    unsigned = {k: v for k, v in record.items() if k != "signature"}
    content_hash = sm3(canonical_json(unsigned).encode("utf-8")).hex()
    same_head = all(value.get(f) == record.get(f) for f in ("type", "id", "department"))
    return same_head and value.get("signature") == record.get("signature") and value.get("contentHash") == content_hash


def sm2_ok(public_key_hex: str, user_id: str, message: bytes, signature_hex: str) -> bool:
    try:
        key = bytes.fromhex(public_key_hex)
        if len(key) != 65 or key[0] != 4:
            return False
        return bool(sm2_verify(key[1:], message, bytes.fromhex(signature_hex), signer_id=user_id.encode("ascii")))
    except Exception:  # malformed key or DER: not a valid signature
        return False


def is_hex(text: Any, length: int | None = None) -> bool:
    if not isinstance(text, str) or len(text) % 2 != 0 or (length is not None and len(text) != length):
        return False
    try:
        bytes.fromhex(text)
        return True
    except ValueError:
        return False


# --- the trust bundle (§1) -----------------------------------------------------------------------------------------

class BadInput(Exception):
    pass


def bundle_fingerprint(bundle: dict) -> str:
    body = {k: v for k, v in bundle.items() if k not in ("fingerprint", "publisher", "createdAt")}
    digest = sm3(canonical_json(body).encode("utf-8"))[:10].hex().upper()
    return "-".join(digest[i:i + 4] for i in range(0, 20, 4))


def load_bundle(path: str) -> dict:
    bundle = read_json(path)
    if not isinstance(bundle, dict) or bundle.get("format") != "dtl-trust-bundle" or bundle.get("version") != 1:
        raise BadInput(f"{path}: format must be dtl-trust-bundle version 1")
    if bundle.get("network") not in ("embedded", "fabric"):
        raise BadInput(f"{path}: network must be embedded or fabric")
    if not is_hex(bundle.get("genesisHash"), 64):
        raise BadInput(f"{path}: genesisHash must be 64 hex digits")
    if bundle["network"] == "fabric":
        for group in ("orderers", "organisations"):
            if not isinstance(bundle.get(group), list) or not bundle[group]:
                raise BadInput(f"{path}: {group} must be a non-empty array")
        fingerprint = bundle_fingerprint(bundle)
        if "fingerprint" in bundle and bundle["fingerprint"] != fingerprint:
            raise BadInput(f"{path}: fingerprint does not match the bundle's content (recomputed {fingerprint})")
        return {**bundle, "fingerprint": fingerprint}
    signers = bundle.get("blockSigners")
    if not isinstance(signers, list) or not signers:
        raise BadInput(f"{path}: blockSigners must be a non-empty array")
    for i, signer in enumerate(signers):
        key = signer.get("publicKey") if isinstance(signer, dict) else None
        if not is_hex(key, 130) or not key.startswith("04"):
            raise BadInput(f"{path}: blockSigners[{i}].publicKey must be 04 and 128 hex digits")
        if signer.get("keyFingerprint") != sm3(bytes.fromhex(key))[:16].hex():
            raise BadInput(f"{path}: blockSigners[{i}].keyFingerprint does not match the key")
    fingerprint = bundle_fingerprint(bundle)
    if "fingerprint" in bundle and bundle["fingerprint"] != fingerprint:
        raise BadInput(f"{path}: fingerprint does not match the bundle's content (recomputed {fingerprint})")
    return {**bundle, "fingerprint": fingerprint}


# --- a proof (§2–§7) -----------------------------------------------------------------------------------------------

Checks = list  # of (name, ok, detail)


def check(checks: Checks, name: str, ok: bool, detail: str) -> bool:
    checks.append((name, bool(ok), detail))
    return bool(ok)


def record_signature_ok(record: dict, public_key_hex: str | None) -> bool:
    signature = record.get("signature")
    if public_key_hex is None or not isinstance(signature, dict) or signature.get("algorithm") != "SM2-SM3":
        return False
    unsigned = {k: v for k, v in record.items() if k != "signature"}
    user_id = signature.get("userId") if isinstance(signature.get("userId"), str) else DEFAULT_USER_ID
    return sm2_ok(public_key_hex, user_id, canonical_json(unsigned).encode("utf-8"), str(signature.get("value", "")))


def header_hash(header: dict) -> str:
    text = '{"number":%d,"previousHash":%s,"dataHash":%s,"metadataHash":%s,"timestamp":%s}' % (
        header["number"], _js_string(header["previousHash"]), _js_string(header["dataHash"]),
        _js_string(header["metadataHash"]), _js_string(header["timestamp"]))
    return sm3(text.encode("utf-8")).hex()


def verify_block(proof: dict, bundle: dict, checks: Checks, p: str) -> dict | None:
    """§3–§5: the transaction in the block, the header hash, the block signature, genesis. Returns the transaction."""
    inclusion, header = proof.get("inclusion"), proof.get("header")
    fabric_form = isinstance(inclusion, dict) and inclusion.get("format") == "fabric-envelopes" and isinstance(header, dict) and header.get("hashAlgorithm") == "sha256"
    if fabric_form != (bundle.get("network") == "fabric"):
        check(checks, p + "block-signature", False, f"this proof's block cannot be anchored by a {bundle.get('network')} trust bundle")
        return None
    if fabric_form:
        return verify_fabric_block(proof, bundle, checks, p)
    if not isinstance(inclusion, dict) or "format" in inclusion or not isinstance(header, dict) or header.get("hashAlgorithm") != "sm3":
        check(checks, p + "inclusion", False, "not an embedded-ledger proof with its transaction (a form this verifier does not know)")
        return None
    transaction = inclusion.get("transaction")
    hashes, index, codes = inclusion.get("txHashes"), inclusion.get("txIndex"), inclusion.get("validationCodes")
    if not isinstance(transaction, str) or not isinstance(hashes, list) or not isinstance(index, int) or not isinstance(codes, list) \
            or not all(is_hex(h, 64) for h in hashes) or not 0 <= index < len(hashes):
        check(checks, p + "inclusion", False, "malformed inclusion")
        return None
    tx_hash = sm3(transaction.encode("utf-8")).hex()
    check(checks, p + "tx-hash", hashes[index] == tx_hash, f"SM3(tx) = {tx_hash}")
    data_hash = sm3(b"".join(bytes.fromhex(h) for h in hashes)).hex()
    check(checks, p + "data-hash", data_hash == header.get("dataHash"), f"SM3(tx hashes) = {data_hash}")
    metadata_hash = sm3(json.dumps(codes, separators=(",", ":"), ensure_ascii=False).encode("utf-8")).hex()
    check(checks, p + "metadata-hash", metadata_hash == header.get("metadataHash"), f"SM3(validation codes) = {metadata_hash}")
    check(checks, p + "tx-valid", index < len(codes) and codes[index] == "VALID", "validation code VALID")
    try:
        tx = json.loads(transaction)
    except ValueError:
        tx = {}
    check(checks, p + "tx-id", tx.get("txId") == proof.get("txId"), f"transaction id {tx.get('txId')}")
    carries = any(carries_record(arg, proof.get("record")) for arg in (tx.get("args", []) if isinstance(tx.get("args"), list) else []))
    check(checks, p + "tx-carries-record", carries, "the transaction carries this record (or its hash-only form)")
    try:
        computed = header_hash(header)
    except (KeyError, TypeError):
        computed = ""
    check(checks, p + "header-number", header.get("number") == proof.get("blockNumber"), f"header number {header.get('number')}")
    check(checks, p + "block-hash", computed == proof.get("blockHash"), f"SM3(header) = {computed}")
    signature = proof.get("blockSignature") if isinstance(proof.get("blockSignature"), dict) else {}
    block_hash = proof.get("blockHash")
    signed = is_hex(block_hash, 64) and any(
        sm2_ok(s["publicKey"], DEFAULT_USER_ID, bytes.fromhex(block_hash), str(signature.get("value", ""))) for s in bundle["blockSigners"])
    check(checks, p + "block-signature", signed, "signed by a pinned block signer" if signed else "the block signature does not verify under any pinned block signer")
    if proof.get("blockNumber") == 0:
        check(checks, p + "genesis", block_hash == bundle["genesisHash"], "block 0 is the pinned genesis")
    return tx


SM2_SPKI_PREFIX = bytes.fromhex("3059301306072a8648ce3d020106082a811ccf5501822d03420004")


def registered_key_hex(value: Any) -> str | None:
    """§6: a registered key is 65-byte uncompressed hex, or SPKI PEM (id-ecPublicKey, curve sm2p256v1)."""
    if is_hex(value, 130) and value.lower().startswith("04"):
        return value.lower()
    if isinstance(value, str) and value.startswith("-----BEGIN PUBLIC KEY-----"):
        body = "".join(line for line in value.strip().splitlines() if not line.startswith("-----"))
        try:
            der = base64.b64decode(body, validate=True)
        except ValueError:
            return None
        if len(der) == len(SM2_SPKI_PREFIX) + 64 and der.startswith(SM2_SPKI_PREFIX):
            return der[len(SM2_SPKI_PREFIX) - 1:].hex()
    return None


# --- Fabric proofs (§8) -----------------------------------------------------------------------------------------------

def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value, shift = 0, 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7


def pb_fields(data: bytes) -> dict[int, list]:
    """Protocol buffers wire format: field number -> values (varints as int, length-delimited as bytes)."""
    fields: dict[int, list] = {}
    pos = 0
    while pos < len(data):
        key, pos = _varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(data, pos)
        elif wire == 2:
            length, pos = _varint(data, pos)
            value, pos = data[pos:pos + length], pos + length
        elif wire == 1:
            value, pos = data[pos:pos + 8], pos + 8
        elif wire == 5:
            value, pos = data[pos:pos + 4], pos + 4
        else:
            raise ValueError(f"wire type {wire}")
        fields.setdefault(number, []).append(value)
    return fields


def pb_one(data: bytes, number: int, default: Any = b"") -> Any:
    values = pb_fields(data).get(number)
    return values[0] if values else default


def _der_length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def _der(tag: int, body: bytes) -> bytes:
    return bytes([tag]) + _der_length(len(body)) + body


def fabric_header_der(number: int, previous_hash: bytes, data_hash: bytes) -> bytes:
    integer = number.to_bytes(max(1, (number.bit_length() + 8) // 8), "big")  # minimal, with a leading 0 when the top bit is set
    return _der(0x30, _der(0x02, integer) + _der(0x04, previous_hash) + _der(0x04, data_hash))


def fabric_block_hash(header: dict) -> str:
    der = fabric_header_der(header["number"], bytes.fromhex(header["previousHash"]), bytes.fromhex(header["dataHash"]))
    return hashlib.sha256(der).hexdigest()


def creator_of(signature_header: bytes) -> tuple[str, bytes]:
    identity = pb_one(signature_header, 1)
    return pb_one(identity, 1).decode("utf-8"), pb_one(identity, 2)


def issued_by_pinned(cert_pem: bytes, msp_id: str, orgs: list) -> Any:
    from cryptography import x509
    cert = x509.load_pem_x509_certificate(cert_pem)
    for org in orgs:
        if org.get("mspId") != msp_id:
            continue
        for root_pem in org.get("rootCerts", []):
            try:
                cert.verify_directly_issued_by(x509.load_pem_x509_certificate(root_pem.encode("ascii")))
                return cert
            except Exception:  # not issued by this root
                continue
    return None


def ecdsa_ok(cert: Any, data: bytes, signature: bytes) -> bool:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    try:
        cert.public_key().verify(signature, data, ec.ECDSA(hashes.SHA256()))
        return True
    except Exception:
        return False


def envelope_invocation(envelope: bytes) -> tuple[str, list, bytes, bytes]:
    """(tx id, chaincode args after the function name, payload bytes, envelope signature)."""
    payload, signature = pb_one(envelope, 1), pb_one(envelope, 2)
    header = pb_one(payload, 1)
    tx_id = pb_one(pb_one(header, 1), 5).decode("utf-8")
    transaction = pb_one(payload, 2)
    action = pb_one(transaction, 1)
    action_payload = pb_one(action, 2)
    proposal_payload = pb_one(action_payload, 1)
    invocation_spec = pb_one(proposal_payload, 1)
    spec = pb_one(invocation_spec, 1)
    args = pb_fields(pb_one(spec, 3)).get(1, [])
    return tx_id, [a.decode("utf-8", "replace") for a in args[1:]], payload, signature


def verify_fabric_block(proof: dict, bundle: dict, checks: Checks, p: str) -> dict | None:
    inclusion, header = proof.get("inclusion"), proof.get("header")
    envelopes = [base64.b64decode(e) for e in inclusion.get("envelopes", [])]
    index = inclusion.get("txIndex")
    data_hash = hashlib.sha256(b"".join(envelopes)).hexdigest()
    check(checks, p + "data-hash", data_hash == header.get("dataHash"), f"SHA-256(envelopes) = {data_hash}")
    check(checks, p + "tx-valid", inclusion.get("validationCode") == "VALID", f"validation code {inclusion.get('validationCode')}")
    try:
        tx_id, args, payload, signature = envelope_invocation(envelopes[index])
    except Exception:
        tx_id, args, payload, signature = "", [], b"", b""
    check(checks, p + "tx-id", tx_id == proof.get("txId"), f"transaction id {tx_id}")
    carries = any(carries_record(arg, proof.get("record")) for arg in args)
    check(checks, p + "tx-carries-record", carries, "the envelope carries this record (or its hash-only form)")
    check(checks, p + "header-number", header.get("number") == proof.get("blockNumber"), f"header number {header.get('number')}")
    computed = fabric_block_hash(header)
    check(checks, p + "block-hash", computed == proof.get("blockHash"), f"SHA-256(DER header) = {computed}")
    signed_ok = False
    try:
        metadata = base64.b64decode(inclusion.get("blockSignatures", ""))
        value = pb_one(metadata, 1)
        header_der = fabric_header_der(header["number"], bytes.fromhex(header["previousHash"]), bytes.fromhex(header["dataHash"]))
        for entry in pb_fields(metadata).get(2, []):
            signature_header, block_signature = pb_one(entry, 1), pb_one(entry, 2)
            msp_id, cert_pem = creator_of(signature_header)
            cert = issued_by_pinned(cert_pem, msp_id, bundle.get("orderers", []))
            if cert is not None and ecdsa_ok(cert, value + signature_header + header_der, block_signature):
                signed_ok = True
                break
    except Exception:
        signed_ok = False
    check(checks, p + "block-signature", signed_ok, "signed by an orderer issued by a pinned root" if signed_ok else "no orderer signature verifies under a pinned orderer root")
    if proof.get("blockNumber") == 0:
        check(checks, p + "genesis", proof.get("blockHash") == bundle["genesisHash"], "block 0 is the pinned genesis")
    creator_msp, creator_cert = creator_of(pb_one(pb_one(payload, 1), 2)) if payload else ("", b"")
    return {"fabric": True, "creatorMspId": creator_msp, "creatorCert": creator_cert, "payload": payload, "signature": signature}


def endorsing_orgs(payload: bytes, bundle: dict) -> set:
    """§8: organisations whose endorsement (ECDSA over proposal_response_payload ‖ endorser) verifies under their pinned root."""
    transaction = pb_one(payload, 2)
    action_payload = pb_one(pb_one(transaction, 1), 2)
    endorsed = pb_one(action_payload, 2)
    response_payload = pb_one(endorsed, 1)
    orgs = set()
    for endorsement in pb_fields(endorsed).get(2, []):
        endorser, signature = pb_one(endorsement, 1), pb_one(endorsement, 2)
        msp_id, cert_pem = pb_one(endorser, 1).decode("utf-8"), pb_one(endorser, 2)
        try:
            cert = issued_by_pinned(cert_pem, msp_id, bundle.get("organisations", []))
        except Exception:
            cert = None
        if cert is not None and ecdsa_ok(cert, response_payload + endorser, signature):
            orgs.add(msp_id)
    return orgs


def key_belongs_to(key_id: str, department: str) -> bool:
    return key_id.startswith(department + "#") and len(key_id) > len(department) + 1


def proven_key(key_id: str, registration: Any, bundle: dict, checks: Checks, depth: int) -> tuple[str, str] | None:
    """§6: the public key of key_id from its registration, or None (reasons in checks)."""
    p = "key-provenance." if depth == 0 else f"key-provenance[{depth}]."
    if not isinstance(registration, dict):
        check(checks, p + "registration", False, f"no registration of {key_id} comes with the proof")
        return None
    if depth >= MAX_PROVENANCE_DEPTH:
        check(checks, p + "depth", False, "too many rotations")
        return None
    record = registration.get("record") if isinstance(registration.get("record"), dict) else {}
    introduced = record.get("key") if isinstance(record.get("key"), dict) else {}
    department = record.get("department") if isinstance(record.get("department"), str) else ""
    rtype = record.get("type")
    ok = check(checks, p + "record-type", rtype in ("department.register", "department.key.rotate"), f"a {rtype} record")
    ok = check(checks, p + "key-id", introduced.get("keyId") == key_id, f"introduces {introduced.get('keyId')}") and ok
    ok = check(checks, p + "department-binding", key_belongs_to(key_id, department), f"{key_id} is a key id of {department or '(none)'}") and ok
    public_key = registered_key_hex(introduced.get("publicKey"))
    if public_key is None:
        check(checks, p + "public-key", False, "no uncompressed SM2 public key")
        return None
    signer_id = (record.get("signature") or {}).get("keyId", "")
    if signer_id == key_id:
        signer_key = public_key
    elif rtype == "department.key.rotate" and key_belongs_to(signer_id, department):
        older = proven_key(signer_id, registration.get("keyProvenance"), bundle, checks, depth + 1)
        signer_key = older[0] if older else None
    else:
        signer_key = None
    ok = check(checks, p + "record-signature", record_signature_ok(record, signer_key), f"registration signed by {signer_id}") and ok
    tx = verify_block(registration, bundle, checks, p)
    if tx is not None and tx.get("fabric"):
        cert = issued_by_pinned(tx["creatorCert"], tx["creatorMspId"], bundle.get("organisations", [])) if tx["creatorMspId"] in PROVINCE_MSPS else None
        check(checks, p + "registrar", cert is not None and ecdsa_ok(cert, tx["payload"], tx["signature"]),
              f"registration envelope signed by {tx['creatorMspId']}, issued by its pinned root")
    elif tx is not None:
        expected = "register" if rtype == "department.register" else "rotateKey"
        check(checks, p + "registrar", tx.get("contract") == "department" and tx.get("transaction") == expected and tx.get("creatorMspId") in PROVINCE_MSPS,
              f"department.{tx.get('transaction')} submitted by {tx.get('creatorMspId')}")
    return (public_key, department) if ok and all(c[1] for c in checks) else None


def verify(proof: dict, bundle: dict | None) -> tuple[str, Checks]:
    checks: Checks = []
    record = proof.get("record") if isinstance(proof.get("record"), dict) else {}
    key_id = (record.get("signature") or {}).get("keyId", "")
    if bundle is None:
        # Unanchored: nothing ties the proof to the network; the key in the proof proves nothing.
        return "UNANCHORED", [("anchor", False, "no trust bundle given")]
    proven = proven_key(key_id, proof.get("keyProvenance"), bundle, checks, 0)
    if proven is not None and isinstance(record.get("department"), str):
        check(checks, "record-department", record["department"] == proven[1], f"record written by {record['department']}, key of {proven[1]}")
    check(checks, "signer-key-id", key_id == proof.get("signerKeyId"), f"record signed by {key_id}")
    check(checks, "record-signature", record_signature_ok(record, proven[0] if proven else None), "SM2 signature under the proven key")
    tx = verify_block(proof, bundle, checks, "")
    if tx is not None and tx.get("fabric"):
        needed = len(bundle.get("organisations", [])) // 2 + 1
        try:
            orgs = endorsing_orgs(tx["payload"], bundle)
        except Exception:
            orgs = set()
        check(checks, "endorsement-policy", len(orgs) >= needed, f"{len(orgs)} organisations endorsed under their pinned roots; the policy needs {needed}")
    return ("VALID" if all(c[1] for c in checks) else "INVALID"), checks


def read_json(path: str) -> Any:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError) as error:
        raise BadInput(f"cannot read {path}: {error}") from error


EXIT = {"VALID": 0, "INVALID": 1, "UNANCHORED": 3}


def main(argv: list[str], out: Callable[[str], Any] = sys.stdout.write) -> int:
    parser = argparse.ArgumentParser(description="verify DTL proofs against a pinned trust bundle (docs/verification.md)")
    parser.add_argument("proofs", nargs="+")
    parser.add_argument("--trust")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    try:
        bundle = load_bundle(args.trust) if args.trust else None
        worst = 0
        for path in args.proofs:
            value = read_json(path)
            proof = value.get("proof", value) if isinstance(value, dict) else None
            if not isinstance(proof, dict) or proof.get("version") != 1:
                raise BadInput(f"{path}: not a DTL proof (version 1)")
            verdict, checks = verify(proof, bundle)
            reasons = [name for name, ok, _ in checks if not ok] if verdict == "INVALID" else []
            if args.json:
                out(json.dumps({"file": path, "verdict": verdict, "reasons": reasons}, ensure_ascii=False) + "\n")
            else:
                for name, ok, detail in checks:
                    out(f"{'ok  ' if ok else 'FAIL'} {name:<34} {detail}\n")
                out(f"{path}: {verdict}" + (f" — refused: {', '.join(reasons)}" if reasons else "") + "\n")
                if bundle is not None:
                    out(f"note: {CANNOT_SHOW}\n")
            worst = max(worst, EXIT[verdict])
        return worst
    except BadInput as error:
        sys.stderr.write(f"dtl_verify: {error}\n")
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
