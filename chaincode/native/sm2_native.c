/*
 * Optional accelerator: SM2 sign/verify through the OpenSSL that Node itself links (its symbols are exported by
 * the node binary, its headers ship in include/node/openssl). Same scheme as crypto/sm2.ts — SM3 over
 * Z_A(distid) || M — so results are interchangeable; the pure TypeScript path stays the reference and the only
 * path in browsers. Built by native/build.js with the system C compiler; absent, everything still works.
 */
#define NAPI_VERSION 8
#include <node_api.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/err.h>
#include <string.h>

#define CHECK(call)                                                   \
  do {                                                                \
    if ((call) != napi_ok) {                                          \
      napi_throw_error(env, "INTERNAL", "N-API call failed: " #call); \
      return NULL;                                                    \
    }                                                                 \
  } while (0)

static void free_pkey(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  EVP_PKEY_free((EVP_PKEY *)data);
}

static int get_bytes(napi_env env, napi_value value, const unsigned char **data, size_t *length) {
  void *raw = NULL;
  size_t len = 0;
  bool is_typed = false;
  if (napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed) return 0;
  napi_typedarray_type type;
  napi_value buffer;
  size_t offset;
  if (napi_get_typedarray_info(env, value, &type, &len, &raw, &buffer, &offset) != napi_ok || type != napi_uint8_array) return 0;
  *data = (const unsigned char *)raw;
  *length = len;
  return 1;
}

static napi_value wrap_key(napi_env env, EVP_PKEY *pkey) {
  napi_value external;
  if (napi_create_external(env, pkey, free_pkey, NULL, &external) != napi_ok) {
    EVP_PKEY_free(pkey);
    napi_throw_error(env, "INTERNAL", "napi_create_external failed");
    return NULL;
  }
  return external;
}

/* Decodes DER into an SM2 EVP_PKEY (SPKI or PKCS#8) and wraps it as an External; throws INVALID_KEY otherwise. */
static napi_value load_key(napi_env env, napi_callback_info info, int is_private) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  const unsigned char *der;
  size_t len;
  if (argc < 1 || !get_bytes(env, argv[0], &der, &len)) {
    napi_throw_type_error(env, "INVALID_KEY", is_private ? "PKCS#8 DER bytes expected" : "SPKI DER bytes expected");
    return NULL;
  }
  const unsigned char *p = der;
  EVP_PKEY *pkey = is_private ? d2i_AutoPrivateKey(NULL, &p, (long)len) : d2i_PUBKEY(NULL, &p, (long)len);
  if (pkey == NULL || !EVP_PKEY_is_a(pkey, "SM2")) {
    EVP_PKEY_free(pkey);
    ERR_clear_error();
    napi_throw_error(env, "INVALID_KEY", is_private ? "OpenSSL refused the SM2 private key" : "OpenSSL refused the SM2 public key");
    return NULL;
  }
  return wrap_key(env, pkey);
}

/* loadPublicKey(spkiDer: Uint8Array): External */
static napi_value load_public_key(napi_env env, napi_callback_info info) { return load_key(env, info, 0); }

/* loadPrivateKey(pkcs8Der: Uint8Array): External */
static napi_value load_private_key(napi_env env, napi_callback_info info) { return load_key(env, info, 1); }

/* Prepares an EVP_MD_CTX for SM3-with-SM2 under the given distinguishing identifier. */
static EVP_MD_CTX *sm2_context(EVP_PKEY *pkey, const unsigned char *id, size_t id_len, int for_signing) {
  EVP_MD_CTX *mctx = EVP_MD_CTX_new();
  EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new(pkey, NULL);
  if (mctx == NULL || pctx == NULL) goto fail;
  if (EVP_PKEY_CTX_set1_id(pctx, id, id_len) <= 0) goto fail;
  EVP_MD_CTX_set_pkey_ctx(mctx, pctx);
  int ok = for_signing ? EVP_DigestSignInit(mctx, NULL, EVP_sm3(), NULL, pkey) : EVP_DigestVerifyInit(mctx, NULL, EVP_sm3(), NULL, pkey);
  if (ok <= 0) goto fail_attached;
  return mctx;
fail:
  EVP_PKEY_CTX_free(pctx);
  EVP_MD_CTX_free(mctx);
  ERR_clear_error();
  return NULL;
fail_attached:
  EVP_MD_CTX_free(mctx);
  EVP_PKEY_CTX_free(pctx);
  ERR_clear_error();
  return NULL;
}

/* verify(key: External, userId: Uint8Array, message: Uint8Array, signatureDer: Uint8Array): boolean */
static napi_value verify(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  EVP_PKEY *pkey = NULL;
  const unsigned char *id, *msg, *sig;
  size_t id_len, msg_len, sig_len;
  if (argc < 4 || napi_get_value_external(env, argv[0], (void **)&pkey) != napi_ok || !get_bytes(env, argv[1], &id, &id_len) ||
      !get_bytes(env, argv[2], &msg, &msg_len) || !get_bytes(env, argv[3], &sig, &sig_len)) {
    napi_throw_type_error(env, "INVALID_ARGUMENT", "verify(key, userId, message, signature) expects a key and three Uint8Arrays");
    return NULL;
  }
  EVP_MD_CTX *mctx = sm2_context(pkey, id, id_len, 0);
  int valid = 0;
  if (mctx != NULL) {
    EVP_PKEY_CTX *pctx = EVP_MD_CTX_get_pkey_ctx(mctx);
    valid = EVP_DigestVerify(mctx, sig, sig_len, msg, msg_len) == 1;
    EVP_MD_CTX_free(mctx);
    EVP_PKEY_CTX_free(pctx);
  }
  ERR_clear_error();
  napi_value result;
  CHECK(napi_get_boolean(env, valid, &result));
  return result;
}

/* sign(key: External, userId: Uint8Array, message: Uint8Array): Uint8Array (DER) */
static napi_value sign(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  EVP_PKEY *pkey = NULL;
  const unsigned char *id, *msg;
  size_t id_len, msg_len;
  if (argc < 3 || napi_get_value_external(env, argv[0], (void **)&pkey) != napi_ok || !get_bytes(env, argv[1], &id, &id_len) ||
      !get_bytes(env, argv[2], &msg, &msg_len)) {
    napi_throw_type_error(env, "INVALID_ARGUMENT", "sign(key, userId, message) expects a key and two Uint8Arrays");
    return NULL;
  }
  EVP_MD_CTX *mctx = sm2_context(pkey, id, id_len, 1);
  if (mctx == NULL) {
    napi_throw_error(env, "INTERNAL", "OpenSSL could not initialise SM2 signing");
    return NULL;
  }
  unsigned char out[80];
  size_t out_len = sizeof out;
  EVP_PKEY_CTX *pctx = EVP_MD_CTX_get_pkey_ctx(mctx);
  int ok = EVP_DigestSign(mctx, out, &out_len, msg, msg_len) == 1;
  EVP_MD_CTX_free(mctx);
  EVP_PKEY_CTX_free(pctx);
  ERR_clear_error();
  if (!ok) {
    napi_throw_error(env, "INTERNAL", "OpenSSL SM2 signing failed");
    return NULL;
  }
  void *data;
  napi_value arraybuffer, result;
  CHECK(napi_create_arraybuffer(env, out_len, &data, &arraybuffer));
  memcpy(data, out, out_len);
  CHECK(napi_create_typedarray(env, napi_uint8_array, out_len, arraybuffer, 0, &result));
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor properties[] = {
      {"loadPublicKey", NULL, load_public_key, NULL, NULL, NULL, napi_default, NULL},
      {"loadPrivateKey", NULL, load_private_key, NULL, NULL, NULL, napi_default, NULL},
      {"verify", NULL, verify, NULL, NULL, NULL, napi_default, NULL},
      {"sign", NULL, sign, NULL, NULL, NULL, napi_default, NULL},
  };
  if (napi_define_properties(env, exports, sizeof properties / sizeof properties[0], properties) != napi_ok) return NULL;
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
