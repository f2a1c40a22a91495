/*
 * Unit tests of common/jwt.c: round trips, key rotation, JWKS, and the
 * "JWT negative matrix" of SECURITY.md as far as it concerns this
 * layer (revoked sessions and disabled accounts are checked above it).
 * Forged tokens are built by hand here, with libsodium only, so that
 * a bug in jwt.c cannot hide itself.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <json-c/json.h>
#include <sodium.h>

#include "jwt.h"
#include "jwtcache.h"
#include "token.h"
#include "unit.h"

#define NOW	INT64_C(1700000000)
#define LEEWAY	30
#define ISS	"fcauth"
#define TYP	"access"
#define TOKSZ	(JWT_MAX + 512)

#define B64URL	sodium_base64_VARIANT_URLSAFE_NO_PADDING

/* Headers. */
#define H_HS	"{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"k1\"}"
#define H_ED	"{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\"e1\"}"
#define H_ALG(a, kid) "{\"alg\":" a ",\"typ\":\"JWT\",\"kid\":" kid "}"

/* A claims set; the arguments are JSON texts. */
#define PAY(iss, sub, sid, typ, nbf, exp)				\
	"{\"iss\":" iss ",\"sub\":" sub ",\"sid\":" sid			\
	",\"role\":\"user\",\"typ\":" typ ",\"iat\":1700000000"		\
	",\"nbf\":" nbf ",\"exp\":" exp ",\"jti\":\"j1\"}"
#define P_OK	PAY("\"fcauth\"", "\"5\"", "7", "\"access\"", \
		    "1700000000", "1700000900")
#define P_SUB(s) PAY("\"fcauth\"", s, "7", "\"access\"", \
		    "1700000000", "1700000900")
#define P_SID(s) PAY("\"fcauth\"", "\"5\"", s, "\"access\"", \
		    "1700000000", "1700000900")
#define P_EXP(e) PAY("\"fcauth\"", "\"5\"", "7", "\"access\"", \
		    "1700000000", e)
#define P_NBF(n) PAY("\"fcauth\"", "\"5\"", "7", "\"access\"", \
		    n, "1700000900")
#define P_ISS(i) PAY(i, "\"5\"", "7", "\"access\"", \
		    "1700000000", "1700000900")
#define P_TYP(t) PAY("\"fcauth\"", "\"5\"", "7", t, \
		    "1700000000", "1700000900")

/* How a forged token is signed. */
enum sig {
	SIG_EMPTY,	/* no signature at all */
	SIG_HS1,	/* HMAC-SHA256 with hs key k1 */
	SIG_HS2,	/* HMAC-SHA256 with hs key k2 */
	SIG_HS512,	/* HMAC-SHA512 with hs key k1 */
	SIG_ED1,	/* Ed25519 with ed key e1 */
	SIG_HSPK,	/* HMAC-SHA256 keyed with the public key of e1 */
	SIG_JUNK256,	/* 256 random bytes, the size of an RS256 one */
};

/* One forged token, the ring it meets and the verdict. */
struct vcase {
	const char	*name;
	enum jwt_alg	 ring;
	const char	*hdr;
	const char	*pay;
	enum sig	 sig;
	enum jwt_result	 want;
};

static const struct vcase vcases[] = {
	/* The forger itself must produce tokens that pass. */
	{ "hs ok", JWT_HS256, H_HS, P_OK, SIG_HS1, JWT_OK },
	{ "ed ok", JWT_EDDSA, H_ED, P_OK, SIG_ED1, JWT_OK },
	{ "hs other kid", JWT_HS256, H_ALG("\"HS256\"", "\"k2\""), P_OK,
	    SIG_HS2, JWT_OK },

	/* alg none in every spelling, with and without a signature. */
	{ "none", JWT_HS256, H_ALG("\"none\"", "\"k1\""), P_OK,
	    SIG_EMPTY, JWT_BAD_ALG },
	{ "none+sig", JWT_HS256, H_ALG("\"none\"", "\"k1\""), P_OK,
	    SIG_HS1, JWT_BAD_ALG },
	{ "None", JWT_HS256, H_ALG("\"None\"", "\"k1\""), P_OK,
	    SIG_EMPTY, JWT_BAD_ALG },
	{ "None+sig", JWT_HS256, H_ALG("\"None\"", "\"k1\""), P_OK,
	    SIG_HS1, JWT_BAD_ALG },
	{ "NONE", JWT_HS256, H_ALG("\"NONE\"", "\"k1\""), P_OK,
	    SIG_EMPTY, JWT_BAD_ALG },
	{ "NONE+sig", JWT_HS256, H_ALG("\"NONE\"", "\"k1\""), P_OK,
	    SIG_HS1, JWT_BAD_ALG },
	{ "nOnE", JWT_HS256, H_ALG("\"nOnE\"", "\"k1\""), P_OK,
	    SIG_EMPTY, JWT_BAD_ALG },
	{ "none no kid", JWT_HS256, "{\"alg\":\"none\"}", P_OK,
	    SIG_EMPTY, JWT_BAD_ALG },
	{ "none on ed", JWT_EDDSA, H_ALG("\"none\"", "\"e1\""), P_OK,
	    SIG_EMPTY, JWT_BAD_ALG },
	{ "none+sig on ed", JWT_EDDSA, H_ALG("\"none\"", "\"e1\""), P_OK,
	    SIG_ED1, JWT_BAD_ALG },

	/* Other algorithms, and near spellings of ours. */
	{ "HS512", JWT_HS256, H_ALG("\"HS512\"", "\"k1\""), P_OK,
	    SIG_HS512, JWT_BAD_ALG },
	{ "HS512 short sig", JWT_HS256, H_ALG("\"HS512\"", "\"k1\""), P_OK,
	    SIG_HS1, JWT_BAD_ALG },
	{ "HS384", JWT_HS256, H_ALG("\"HS384\"", "\"k1\""), P_OK,
	    SIG_HS1, JWT_BAD_ALG },
	{ "RS256", JWT_HS256, H_ALG("\"RS256\"", "\"k1\""), P_OK,
	    SIG_JUNK256, JWT_BAD_ALG },
	{ "RS256 hmac", JWT_HS256, H_ALG("\"RS256\"", "\"k1\""), P_OK,
	    SIG_HS1, JWT_BAD_ALG },
	{ "ES256", JWT_HS256, H_ALG("\"ES256\"", "\"k1\""), P_OK,
	    SIG_HS1, JWT_BAD_ALG },
	{ "hs256 lower", JWT_HS256, H_ALG("\"hs256\"", "\"k1\""), P_OK,
	    SIG_HS1, JWT_BAD_ALG },
	{ "HS256 blank", JWT_HS256, H_ALG("\"HS256 \"", "\"k1\""), P_OK,
	    SIG_HS1, JWT_BAD_ALG },
	{ "HS256 nul", JWT_HS256, H_ALG("\"HS256\\u0000\"", "\"k1\""),
	    P_OK, SIG_HS1, JWT_BAD_ALG },
	{ "alg empty", JWT_HS256, H_ALG("\"\"", "\"k1\""), P_OK,
	    SIG_HS1, JWT_BAD_ALG },
	{ "alg missing", JWT_HS256, "{\"typ\":\"JWT\",\"kid\":\"k1\"}",
	    P_OK, SIG_HS1, JWT_BAD_ALG },
	{ "alg array", JWT_HS256, H_ALG("[\"HS256\"]", "\"k1\""), P_OK,
	    SIG_HS1, JWT_BAD_ALG },
	{ "alg null", JWT_HS256, H_ALG("null", "\"k1\""), P_OK,
	    SIG_HS1, JWT_BAD_ALG },

	/* An EdDSA header on an HS256 ring and vice versa. */
	{ "EdDSA on hs", JWT_HS256, H_ALG("\"EdDSA\"", "\"k1\""), P_OK,
	    SIG_ED1, JWT_BAD_ALG },
	{ "EdDSA on hs hmac", JWT_HS256, H_ALG("\"EdDSA\"", "\"k1\""), P_OK,
	    SIG_HS1, JWT_BAD_ALG },
	{ "HS256 on ed", JWT_EDDSA, H_ALG("\"HS256\"", "\"e1\""), P_OK,
	    SIG_ED1, JWT_BAD_ALG },
	/* Algorithm confusion: the public key used as an HMAC key. */
	{ "HS256 keyed by pk", JWT_EDDSA, H_ALG("\"HS256\"", "\"e1\""),
	    P_OK, SIG_HSPK, JWT_BAD_ALG },
	{ "eddsa lower", JWT_EDDSA, H_ALG("\"eddsa\"", "\"e1\""), P_OK,
	    SIG_ED1, JWT_BAD_ALG },
	{ "Ed25519", JWT_EDDSA, H_ALG("\"Ed25519\"", "\"e1\""), P_OK,
	    SIG_ED1, JWT_BAD_ALG },

	/* kid. */
	{ "kid unknown", JWT_HS256, H_ALG("\"HS256\"", "\"k9\""), P_OK,
	    SIG_HS1, JWT_BAD_KID },
	{ "kid missing", JWT_HS256, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
	    P_OK, SIG_HS1, JWT_BAD_KID },
	{ "kid empty", JWT_HS256, H_ALG("\"HS256\"", "\"\""), P_OK,
	    SIG_HS1, JWT_BAD_KID },
	{ "kid number", JWT_HS256, H_ALG("\"HS256\"", "1"), P_OK,
	    SIG_HS1, JWT_BAD_KID },
	{ "kid array", JWT_HS256, H_ALG("\"HS256\"", "[\"k1\"]"), P_OK,
	    SIG_HS1, JWT_BAD_KID },
	{ "kid nul", JWT_HS256, H_ALG("\"HS256\"", "\"k1\\u0000\""), P_OK,
	    SIG_HS1, JWT_BAD_KID },
	{ "kid case", JWT_HS256, H_ALG("\"HS256\"", "\"K1\""), P_OK,
	    SIG_HS1, JWT_BAD_KID },
	{ "kid too long", JWT_HS256, H_ALG("\"HS256\"",
	    "\"k1xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\""), P_OK,
	    SIG_HS1, JWT_BAD_KID },
	{ "kid of other ring", JWT_EDDSA, H_ALG("\"EdDSA\"", "\"k1\""),
	    P_OK, SIG_ED1, JWT_BAD_KID },
	{ "kid k1 signed by k2", JWT_HS256, H_HS, P_OK, SIG_HS2,
	    JWT_BAD_SIGNATURE },

	/* Header and payload that are not one JSON object. */
	{ "hdr not json", JWT_HS256, "alg=HS256", P_OK, SIG_HS1,
	    JWT_MALFORMED },
	{ "hdr array", JWT_HS256, "[\"HS256\",\"k1\"]", P_OK, SIG_HS1,
	    JWT_MALFORMED },
	{ "hdr string", JWT_HS256, "\"HS256\"", P_OK, SIG_HS1,
	    JWT_MALFORMED },
	{ "hdr trailing", JWT_HS256, H_HS "x", P_OK, SIG_HS1,
	    JWT_MALFORMED },
	{ "hdr two objects", JWT_HS256, H_HS "{}", P_OK, SIG_HS1,
	    JWT_MALFORMED },
	{ "hdr truncated", JWT_HS256, "{\"alg\":\"HS256\",\"kid\":\"k1\"",
	    P_OK, SIG_HS1, JWT_MALFORMED },
	{ "hdr single quotes", JWT_HS256,
	    "{'alg':'HS256','kid':'k1'}", P_OK, SIG_HS1, JWT_MALFORMED },
	{ "hdr crit", JWT_HS256,
	    "{\"alg\":\"HS256\",\"kid\":\"k1\",\"crit\":[\"exp\"]}", P_OK,
	    SIG_HS1, JWT_MALFORMED },
	{ "hdr too deep", JWT_HS256,
	    "{\"alg\":\"HS256\",\"kid\":\"k1\",\"x\":[[[[[[[[1]]]]]]]]}",
	    P_OK, SIG_HS1, JWT_MALFORMED },
	{ "pay not json", JWT_HS256, H_HS, "sub=5", SIG_HS1,
	    JWT_MALFORMED },
	{ "pay array", JWT_HS256, H_HS, "[" P_OK "]", SIG_HS1,
	    JWT_MALFORMED },
	{ "pay trailing", JWT_HS256, H_HS, P_OK "x", SIG_HS1,
	    JWT_MALFORMED },
	{ "pay too deep", JWT_HS256, H_HS,
	    "{\"sub\":\"5\",\"x\":[[[[[[[[1]]]]]]]]}", SIG_HS1,
	    JWT_MALFORMED },
	/* Not parsed before the signature holds. */
	{ "pay not json unsigned", JWT_HS256, H_HS, "sub=5", SIG_HS2,
	    JWT_BAD_SIGNATURE },

	/* exp and nbf around the leeway, and exp of the wrong type. */
	{ "exp beyond leeway", JWT_HS256, H_HS, P_EXP("1699999969"),
	    SIG_HS1, JWT_EXPIRED },
	{ "exp at leeway", JWT_HS256, H_HS, P_EXP("1699999970"),
	    SIG_HS1, JWT_EXPIRED },
	{ "exp within leeway", JWT_HS256, H_HS, P_EXP("1699999971"),
	    SIG_HS1, JWT_OK },
	{ "exp now", JWT_HS256, H_HS, P_EXP("1700000000"),
	    SIG_HS1, JWT_OK },
	{ "exp long ago", JWT_HS256, H_HS, P_EXP("0"),
	    SIG_HS1, JWT_EXPIRED },
	{ "exp int64 min", JWT_HS256, H_HS,
	    P_EXP("-9223372036854775808"), SIG_HS1, JWT_EXPIRED },
	{ "exp int64 max", JWT_HS256, H_HS,
	    P_EXP("9223372036854775807"), SIG_HS1, JWT_OK },
	{ "exp string", JWT_HS256, H_HS, P_EXP("\"1700000900\""),
	    SIG_HS1, JWT_BAD_CLAIMS },
	{ "exp double", JWT_HS256, H_HS, P_EXP("1700000900.0"),
	    SIG_HS1, JWT_BAD_CLAIMS },
	{ "exp exponent", JWT_HS256, H_HS, P_EXP("1.7e9"),
	    SIG_HS1, JWT_BAD_CLAIMS },
	{ "exp bool", JWT_HS256, H_HS, P_EXP("true"),
	    SIG_HS1, JWT_BAD_CLAIMS },
	{ "exp null", JWT_HS256, H_HS, P_EXP("null"),
	    SIG_HS1, JWT_BAD_CLAIMS },
	{ "exp array", JWT_HS256, H_HS, P_EXP("[1700000900]"),
	    SIG_HS1, JWT_BAD_CLAIMS },
	{ "exp missing", JWT_HS256, H_HS,
	    "{\"iss\":\"fcauth\",\"sub\":\"5\",\"sid\":7,"
	    "\"typ\":\"access\",\"nbf\":1700000000}",
	    SIG_HS1, JWT_BAD_CLAIMS },
	{ "nbf beyond leeway", JWT_HS256, H_HS, P_NBF("1700000031"),
	    SIG_HS1, JWT_NOT_YET_VALID },
	{ "nbf at leeway", JWT_HS256, H_HS, P_NBF("1700000030"),
	    SIG_HS1, JWT_OK },
	{ "nbf int64 max", JWT_HS256, H_HS, P_NBF("9223372036854775807"),
	    SIG_HS1, JWT_NOT_YET_VALID },
	{ "nbf int64 min", JWT_HS256, H_HS, P_NBF("-9223372036854775808"),
	    SIG_HS1, JWT_OK },
	{ "nbf string", JWT_HS256, H_HS, P_NBF("\"1700000000\""),
	    SIG_HS1, JWT_BAD_CLAIMS },
	{ "nbf missing", JWT_HS256, H_HS,
	    "{\"iss\":\"fcauth\",\"sub\":\"5\",\"sid\":7,"
	    "\"typ\":\"access\",\"exp\":1700000900}",
	    SIG_HS1, JWT_OK },
	{ "ed expired", JWT_EDDSA, H_ED, P_EXP("1699999969"),
	    SIG_ED1, JWT_EXPIRED },

	/* typ and iss. */
	{ "typ refresh", JWT_HS256, H_HS, P_TYP("\"refresh\""),
	    SIG_HS1, JWT_BAD_TYPE },
	{ "typ case", JWT_HS256, H_HS, P_TYP("\"Access\""),
	    SIG_HS1, JWT_BAD_TYPE },
	{ "typ JWT", JWT_HS256, H_HS, P_TYP("\"JWT\""),
	    SIG_HS1, JWT_BAD_TYPE },
	{ "typ empty", JWT_HS256, H_HS, P_TYP("\"\""),
	    SIG_HS1, JWT_BAD_TYPE },
	{ "typ missing", JWT_HS256, H_HS,
	    "{\"iss\":\"fcauth\",\"sub\":\"5\",\"sid\":7,"
	    "\"exp\":1700000900}", SIG_HS1, JWT_BAD_TYPE },
	{ "typ array", JWT_HS256, H_HS, P_TYP("[\"access\"]"),
	    SIG_HS1, JWT_BAD_CLAIMS },
	{ "typ nul", JWT_HS256, H_HS, P_TYP("\"access\\u0000\""),
	    SIG_HS1, JWT_BAD_CLAIMS },
	{ "iss other", JWT_HS256, H_HS, P_ISS("\"evil\""),
	    SIG_HS1, JWT_BAD_ISSUER },
	{ "iss prefix", JWT_HS256, H_HS, P_ISS("\"fcauth2\""),
	    SIG_HS1, JWT_BAD_ISSUER },
	{ "iss case", JWT_HS256, H_HS, P_ISS("\"FCAUTH\""),
	    SIG_HS1, JWT_BAD_ISSUER },
	{ "iss missing", JWT_HS256, H_HS,
	    "{\"sub\":\"5\",\"sid\":7,\"typ\":\"access\","
	    "\"exp\":1700000900}", SIG_HS1, JWT_BAD_ISSUER },
	{ "iss array", JWT_HS256, H_HS, P_ISS("[\"fcauth\",\"evil\"]"),
	    SIG_HS1, JWT_BAD_CLAIMS },
	{ "iss nul", JWT_HS256, H_HS, P_ISS("\"fcauth\\u0000evil\""),
	    SIG_HS1, JWT_BAD_CLAIMS },

	/* sub: a string holding a positive decimal integer. */
	{ "sub max", JWT_HS256, H_HS, P_SUB("\"9223372036854775807\""),
	    SIG_HS1, JWT_OK },
	{ "sub missing", JWT_HS256, H_HS,
	    "{\"iss\":\"fcauth\",\"sid\":7,\"typ\":\"access\","
	    "\"exp\":1700000900}", SIG_HS1, JWT_BAD_CLAIMS },
	{ "sub number", JWT_HS256, H_HS, P_SUB("5"),
	    SIG_HS1, JWT_BAD_CLAIMS },
	{ "sub array", JWT_HS256, H_HS, P_SUB("[\"5\",\"6\"]"),
	    SIG_HS1, JWT_BAD_CLAIMS },
	{ "sub null", JWT_HS256, H_HS, P_SUB("null"),
	    SIG_HS1, JWT_BAD_CLAIMS },
	{ "sub empty", JWT_HS256, H_HS, P_SUB("\"\""),
	    SIG_HS1, JWT_BAD_CLAIMS },
	{ "sub zero", JWT_HS256, H_HS, P_SUB("\"0\""),
	    SIG_HS1, JWT_BAD_CLAIMS },
	{ "sub negative", JWT_HS256, H_HS, P_SUB("\"-5\""),
	    SIG_HS1, JWT_BAD_CLAIMS },
	{ "sub plus", JWT_HS256, H_HS, P_SUB("\"+5\""),
	    SIG_HS1, JWT_BAD_CLAIMS },
	{ "sub leading zero", JWT_HS256, H_HS, P_SUB("\"05\""),
	    SIG_HS1, JWT_BAD_CLAIMS },
	{ "sub blank", JWT_HS256, H_HS, P_SUB("\" 5\""),
	    SIG_HS1, JWT_BAD_CLAIMS },
	{ "sub trailing", JWT_HS256, H_HS, P_SUB("\"5a\""),
	    SIG_HS1, JWT_BAD_CLAIMS },
	{ "sub nul", JWT_HS256, H_HS, P_SUB("\"5\\u0000\""),
	    SIG_HS1, JWT_BAD_CLAIMS },
	{ "sub hex", JWT_HS256, H_HS, P_SUB("\"0x5\""),
	    SIG_HS1, JWT_BAD_CLAIMS },
	{ "sub overflow", JWT_HS256, H_HS, P_SUB("\"9223372036854775808\""),
	    SIG_HS1, JWT_BAD_CLAIMS },
	{ "sub too long", JWT_HS256, H_HS, P_SUB("\"12345678901234567890\""),
	    SIG_HS1, JWT_BAD_CLAIMS },

	/* sid: a positive integer. */
	{ "sid missing", JWT_HS256, H_HS,
	    "{\"iss\":\"fcauth\",\"sub\":\"5\",\"typ\":\"access\","
	    "\"exp\":1700000900}", SIG_HS1, JWT_BAD_CLAIMS },
	{ "sid string", JWT_HS256, H_HS, P_SID("\"7\""),
	    SIG_HS1, JWT_BAD_CLAIMS },
	{ "sid zero", JWT_HS256, H_HS, P_SID("0"),
	    SIG_HS1, JWT_BAD_CLAIMS },
	{ "sid negative", JWT_HS256, H_HS, P_SID("-7"),
	    SIG_HS1, JWT_BAD_CLAIMS },
	{ "sid double", JWT_HS256, H_HS, P_SID("7.0"),
	    SIG_HS1, JWT_BAD_CLAIMS },
	{ "sid array", JWT_HS256, H_HS, P_SID("[7]"),
	    SIG_HS1, JWT_BAD_CLAIMS },
	{ "ed sid missing", JWT_EDDSA, H_ED,
	    "{\"iss\":\"fcauth\",\"sub\":\"5\",\"typ\":\"access\","
	    "\"exp\":1700000900}", SIG_ED1, JWT_BAD_CLAIMS },

	/* Optional claims are still typed. */
	{ "role number", JWT_HS256, H_HS,
	    "{\"iss\":\"fcauth\",\"sub\":\"5\",\"sid\":7,\"role\":1,"
	    "\"typ\":\"access\",\"exp\":1700000900}",
	    SIG_HS1, JWT_BAD_CLAIMS },
	{ "role array", JWT_HS256, H_HS,
	    "{\"iss\":\"fcauth\",\"sub\":\"5\",\"sid\":7,"
	    "\"role\":[\"user\",\"admin\"],"
	    "\"typ\":\"access\",\"exp\":1700000900}",
	    SIG_HS1, JWT_BAD_CLAIMS },
	{ "role too long", JWT_HS256, H_HS,
	    "{\"iss\":\"fcauth\",\"sub\":\"5\",\"sid\":7,"
	    "\"role\":\"admin...........................\","
	    "\"typ\":\"access\",\"exp\":1700000900}",
	    SIG_HS1, JWT_BAD_CLAIMS },
	{ "iat string", JWT_HS256, H_HS,
	    "{\"iss\":\"fcauth\",\"sub\":\"5\",\"sid\":7,\"iat\":\"1\","
	    "\"typ\":\"access\",\"exp\":1700000900}",
	    SIG_HS1, JWT_BAD_CLAIMS },
	{ "jti number", JWT_HS256, H_HS,
	    "{\"iss\":\"fcauth\",\"sub\":\"5\",\"sid\":7,\"jti\":1,"
	    "\"typ\":\"access\",\"exp\":1700000900}",
	    SIG_HS1, JWT_BAD_CLAIMS },
	{ "unknown claims ignored", JWT_HS256, H_HS,
	    "{\"iss\":\"fcauth\",\"sub\":\"5\",\"sid\":7,\"x\":[1,{}],"
	    "\"typ\":\"access\",\"exp\":1700000900}",
	    SIG_HS1, JWT_OK },
};

/*
 * Raw strings that are not three base64url segments; all must be
 * refused as malformed before anything is decoded.
 */
static const char *const rawbad[] = {
	"",
	".",
	"..",
	"...",
	"a",
	"a.b",
	"a.b.c.d",
	"a.b.c.",
	".a.b",
	"a..b",
	".b.c",
	"a.b.c d",
	"a.b.c\n",
	" a.b.c",
	"a.b.c=",
	"a+b.c.d",
	"a.b/c.d",
	"a.b.c%3D",
	"a.b.c\xc3\xa9",
	"a.b.\tc",
	"eyJhbGciOiJIUzI1NiJ9.e30=.c2ln",
};

/* Ways to damage a good token string in place. */
enum mangle {
	M_NONE,
	M_DROP_SIG,		/* "h.p." */
	M_DROP_SIG_DOT,		/* "h.p" */
	M_ADD_SEGMENT,		/* "h.p.s.s" */
	M_ADD_DOT,		/* "h.p.s." */
	M_DOUBLE_DOT,		/* "h..p.s" */
	M_SIG_PLUS,		/* a '+' in the signature */
	M_SIG_SLASH,		/* a '/' in the signature */
	M_SIG_PAD,		/* "=" after the signature */
	M_PAY_PAD,		/* "=" after the payload */
	M_HDR_SPACE,		/* a space in the header */
	M_SIG_SHORT,		/* the last signature character removed */
	M_SIG_LONG,		/* four more characters "AAAA" */
	M_SIG_TRUNC,		/* the signature cut to 16 bytes */
	M_SIG_ZERO,		/* a signature of zero bytes of the length */
	M_SIG_TAILBITS,		/* the unused bits of the last character */
	M_PAY_TAMPER,		/* another payload, same signature */
	M_HDR_TAMPER,		/* another header (new kid), same signature */
	M_SIG_OTHER,		/* the signature of another token */
};

static const struct mcase {
	enum mangle	 m;
	enum jwt_result	 want;
} mcases[] = {
	{ M_NONE, JWT_OK },
	{ M_DROP_SIG, JWT_BAD_SIGNATURE },
	{ M_DROP_SIG_DOT, JWT_MALFORMED },
	{ M_ADD_SEGMENT, JWT_MALFORMED },
	{ M_ADD_DOT, JWT_MALFORMED },
	{ M_DOUBLE_DOT, JWT_MALFORMED },
	{ M_SIG_PLUS, JWT_MALFORMED },
	{ M_SIG_SLASH, JWT_MALFORMED },
	{ M_SIG_PAD, JWT_MALFORMED },
	{ M_PAY_PAD, JWT_MALFORMED },
	{ M_HDR_SPACE, JWT_MALFORMED },
	{ M_SIG_SHORT, JWT_BAD_SIGNATURE },
	{ M_SIG_LONG, JWT_BAD_SIGNATURE },
	{ M_SIG_TRUNC, JWT_BAD_SIGNATURE },
	{ M_SIG_ZERO, JWT_BAD_SIGNATURE },
	{ M_SIG_TAILBITS, JWT_BAD_SIGNATURE },
	{ M_PAY_TAMPER, JWT_BAD_SIGNATURE },
	{ M_HDR_TAMPER, JWT_BAD_SIGNATURE },
	{ M_SIG_OTHER, JWT_BAD_SIGNATURE },
};

static struct jwt_keyring	 hs;	/* HS256: k1 (current), k2 */
static struct jwt_keyring	 ed;	/* EdDSA: e1 (current), e2 */
static unsigned char		 hskey[2][32];
static unsigned char		 edseed[2][32];

static void
setup(void)
{

	memset(&hs, 0, sizeof(hs));
	memset(&ed, 0, sizeof(ed));
	hs.alg = JWT_HS256;
	ed.alg = JWT_EDDSA;
	memset(hskey[0], 0x11, sizeof(hskey[0]));
	memset(hskey[1], 0x22, sizeof(hskey[1]));
	memset(edseed[0], 0x33, sizeof(edseed[0]));
	memset(edseed[1], 0x44, sizeof(edseed[1]));
	ck_assert_int_eq(jwt_keyring_add(&hs, "k1", hskey[0], 32), 0);
	ck_assert_int_eq(jwt_keyring_add(&hs, "k2", hskey[1], 32), 0);
	ck_assert_int_eq(jwt_keyring_add(&ed, "e1", edseed[0], 32), 0);
	ck_assert_int_eq(jwt_keyring_add(&ed, "e2", edseed[1], 32), 0);
}

static void
teardown(void)
{

	jwt_keyring_wipe(&hs);
	jwt_keyring_wipe(&ed);
}

static const struct jwt_keyring *
ringof(enum jwt_alg alg)
{

	return alg == JWT_HS256 ? &hs : &ed;
}

/* Append base64url of "len" bytes of "p" to the string "out". */
static void
b64cat(char *out, size_t outsz, const void *p, size_t len)
{
	size_t	 pos = strlen(out);

	ck_assert(sodium_base64_ENCODED_LEN(len, B64URL) <= outsz - pos);
	sodium_bin2base64(out + pos, outsz - pos, p, len, B64URL);
}

/* Sign "msg" the way "how" says into "sig"; returns its length. */
static size_t
forge_sig(enum sig how, const char *msg, unsigned char *sig)
{
	size_t	 len = strlen(msg);

	switch (how) {
	case SIG_EMPTY:
		return 0;
	case SIG_HS1:
	case SIG_HS2:
		crypto_auth_hmacsha256(sig, (const unsigned char *)msg, len,
		    hskey[how == SIG_HS1 ? 0 : 1]);
		return crypto_auth_hmacsha256_BYTES;
	case SIG_HS512:
		crypto_auth_hmacsha512(sig, (const unsigned char *)msg, len,
		    hskey[0]);
		return crypto_auth_hmacsha512_BYTES;
	case SIG_ED1:
		crypto_sign_ed25519_detached(sig, NULL,
		    (const unsigned char *)msg, len, ed.keys[0].sk);
		return crypto_sign_ed25519_BYTES;
	case SIG_HSPK:
		crypto_auth_hmacsha256(sig, (const unsigned char *)msg, len,
		    ed.keys[0].pk);
		return crypto_auth_hmacsha256_BYTES;
	case SIG_JUNK256:
		randombytes_buf(sig, 256);
		return 256;
	}
	return 0;
}

/* Build "b64(hdr).b64(pay).b64(sig)" by hand into "out". */
static void
forgen(char *out, size_t outsz, const char *hdr, size_t hlen,
    const char *pay, size_t plen, enum sig how)
{
	unsigned char	 sig[256];
	size_t		 siglen;

	out[0] = '\0';
	b64cat(out, outsz, hdr, hlen);
	strcat(out, ".");
	b64cat(out, outsz, pay, plen);
	siglen = forge_sig(how, out, sig);
	strcat(out, ".");
	b64cat(out, outsz, sig, siglen);
}

static void
forge(char *out, size_t outsz, const char *hdr, const char *pay,
    enum sig how)
{

	forgen(out, outsz, hdr, strlen(hdr), pay, strlen(pay), how);
}

/* A complete set of claims as jwt_sign() is given them. */
static void
goodclaims(struct jwt_claims *c)
{

	memset(c, 0, sizeof(*c));
	strcpy(c->iss, ISS);
	strcpy(c->role, "user");
	strcpy(c->typ, TYP);
	c->sub = 5;
	c->sid = 7;
	c->iat = NOW;
	c->nbf = NOW;
	c->exp = NOW + 900;
}

/* Sign good claims with "ring" into "out"; returns the length. */
static int
signgood(const struct jwt_keyring *ring, char *out, size_t outsz)
{
	struct jwt_claims	 c;
	int			 n;

	goodclaims(&c);
	n = jwt_sign(ring, &c, out, outsz);
	ck_assert_int_gt(n, 0);
	ck_assert_uint_eq(strlen(out), (size_t)n);
	return n;
}

static enum jwt_result
verify(const struct jwt_keyring *ring, const char *tok,
    struct jwt_claims *out)
{

	return jwt_verify(ring, tok, ISS, TYP, NOW, LEEWAY, out);
}

/* Whether every byte of "c" is zero. */
static int
allzero(const struct jwt_claims *c)
{
	const unsigned char	*p = (const unsigned char *)c;
	size_t			 i;

	for (i = 0; i < sizeof(*c); i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

START_TEST(test_matrix)
{
	const struct vcase	*v = &vcases[_i];
	struct jwt_claims	 c;
	char			 tok[TOKSZ];
	enum jwt_result		 r;

	forge(tok, sizeof(tok), v->hdr, v->pay, v->sig);
	memset(&c, 0xa5, sizeof(c));
	r = verify(ringof(v->ring), tok, &c);
	ck_assert_msg(r == v->want, "%s: got %s, want %s", v->name,
	    jwt_strerror(r), jwt_strerror(v->want));
	if (r == JWT_OK)
		ck_assert_int_gt(c.sub, 0);
	else
		ck_assert_msg(allzero(&c), "%s: claims not cleared",
		    v->name);
}
END_TEST

START_TEST(test_raw)
{
	enum jwt_result	 r;

	r = verify(&hs, rawbad[_i], NULL);
	ck_assert_msg(r == JWT_MALFORMED, "case %d: got %s", _i,
	    jwt_strerror(r));
	r = verify(&ed, rawbad[_i], NULL);
	ck_assert_msg(r == JWT_MALFORMED, "case %d (ed): got %s", _i,
	    jwt_strerror(r));
}
END_TEST

START_TEST(test_null_token)
{
	struct jwt_claims	 c;

	memset(&c, 0xa5, sizeof(c));
	ck_assert_int_eq(verify(&hs, NULL, &c), JWT_MALFORMED);
	ck_assert(allzero(&c));
}
END_TEST

/* The positions of the two dots of "tok". */
static void
dots(const char *tok, size_t *d1, size_t *d2)
{

	*d1 = (size_t)(strchr(tok, '.') - tok);
	*d2 = (size_t)(strrchr(tok, '.') - tok);
}

/* Replace the signature of "tok" with "len" bytes of "sig". */
static void
setsig(char *tok, size_t toksz, const unsigned char *sig, size_t len)
{
	size_t	 d1, d2;

	dots(tok, &d1, &d2);
	tok[d2 + 1] = '\0';
	b64cat(tok, toksz, sig, len);
}

/* Damage "tok" (a good token of "ring") as "m" says. */
static void
mangle(const struct jwt_keyring *ring, char *tok, size_t toksz,
    enum mangle m)
{
	static const char b64abc[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	unsigned char	 sig[64] = { 0 };
	char		 other[TOKSZ], tmp[TOKSZ], *p;
	const char	*hdr;
	size_t		 d1, d2, siglen;

	dots(tok, &d1, &d2);
	siglen = ring->alg == JWT_HS256 ? 32 : 64;
	switch (m) {
	case M_NONE:
		break;
	case M_DROP_SIG:
		tok[d2 + 1] = '\0';
		break;
	case M_DROP_SIG_DOT:
		tok[d2] = '\0';
		break;
	case M_ADD_SEGMENT:
		snprintf(tmp, sizeof(tmp), "%s.%s", tok, tok + d2 + 1);
		strcpy(tok, tmp);
		break;
	case M_ADD_DOT:
		strcat(tok, ".");
		break;
	case M_DOUBLE_DOT:
		snprintf(tmp, sizeof(tmp), "%.*s.%s", (int)d1 + 1, tok,
		    tok + d1 + 1);
		strcpy(tok, tmp);
		break;
	case M_SIG_PLUS:
		tok[d2 + 3] = '+';
		break;
	case M_SIG_SLASH:
		tok[d2 + 3] = '/';
		break;
	case M_SIG_PAD:
		strcat(tok, "=");
		break;
	case M_PAY_PAD:
		snprintf(tmp, sizeof(tmp), "%.*s=%s", (int)d2, tok,
		    tok + d2);
		strcpy(tok, tmp);
		break;
	case M_HDR_SPACE:
		tok[2] = ' ';
		break;
	case M_SIG_SHORT:
		tok[strlen(tok) - 1] = '\0';
		break;
	case M_SIG_LONG:
		strcat(tok, "AAAA");
		break;
	case M_SIG_TRUNC:
		ck_assert_int_eq(b64url_decode(tok + d2 + 1,
		    strlen(tok + d2 + 1), sig, sizeof(sig)), (int)siglen);
		setsig(tok, toksz, sig, 16);
		break;
	case M_SIG_ZERO:
		setsig(tok, toksz, sig, siglen);
		break;
	case M_SIG_TAILBITS:
		/* 32 and 64 bytes leave 2 and 4 unused bits at the end. */
		p = &tok[strlen(tok) - 1];
		*p = b64abc[(strchr(b64abc, *p) - b64abc) ^ 1];
		break;
	case M_PAY_TAMPER:
		/* sub 5 becomes sub 1, the old signature kept. */
		forge(other, sizeof(other), "{}",
		    P_SUB("\"1\""), SIG_EMPTY);
		dots(other, &d1, &d2);
		other[d2] = '\0';
		dots(tok, &d1, &d2);
		snprintf(tmp, sizeof(tmp), "%.*s%s%s", (int)d1, tok,
		    other + strcspn(other, "."), tok + d2);
		strcpy(tok, tmp);
		break;
	case M_HDR_TAMPER:
		hdr = ring->alg == JWT_HS256 ? H_ALG("\"HS256\"", "\"k2\"") :
		    H_ALG("\"EdDSA\"", "\"e2\"");
		tmp[0] = '\0';
		b64cat(tmp, sizeof(tmp), hdr, strlen(hdr));
		strcat(tmp, tok + d1);
		strcpy(tok, tmp);
		break;
	case M_SIG_OTHER:
		forge(other, sizeof(other), ring->alg == JWT_HS256 ? H_HS :
		    H_ED, P_SUB("\"1\""), ring->alg == JWT_HS256 ? SIG_HS1 :
		    SIG_ED1);
		ck_assert_int_eq(verify(ring, other, NULL), JWT_OK);
		tok[d2] = '\0';
		strcat(tok, strrchr(other, '.'));
		break;
	}
}

START_TEST(test_mangle)
{
	const struct mcase	*mc = &mcases[_i % NELEM(mcases)];
	const struct jwt_keyring *ring = _i < (int)NELEM(mcases) ? &hs : &ed;
	char			 tok[TOKSZ];
	enum jwt_result		 r;

	signgood(ring, tok, sizeof(tok));
	mangle(ring, tok, sizeof(tok), mc->m);
	r = verify(ring, tok, NULL);
	ck_assert_msg(r == mc->want, "mangle %d on %s: got %s, want %s",
	    (int)mc->m, ring == &hs ? "hs" : "ed", jwt_strerror(r),
	    jwt_strerror(mc->want));
}
END_TEST

/* Every single flipped signature bit is caught, for both algorithms. */
START_TEST(test_bitflip)
{
	const struct jwt_keyring *ring = _i < 256 ? &hs : &ed;
	unsigned char		 sig[64];
	char			 tok[TOKSZ];
	size_t			 d1, d2, bit;
	int			 n;

	/* Bits 0..255 of the HMAC, then bits 0..511 of the Ed25519 one. */
	bit = _i < 256 ? (size_t)_i : (size_t)_i - 256;
	signgood(ring, tok, sizeof(tok));
	dots(tok, &d1, &d2);
	n = b64url_decode(tok + d2 + 1, strlen(tok + d2 + 1), sig,
	    sizeof(sig));
	ck_assert_int_eq(n, ring == &hs ? 32 : 64);
	if (bit >= (size_t)n * 8)
		return;
	sig[bit / 8] ^= (unsigned char)(1U << (bit % 8));
	setsig(tok, sizeof(tok), sig, (size_t)n);
	ck_assert_int_eq(verify(ring, tok, NULL), JWT_BAD_SIGNATURE);
}
END_TEST

/*
 * NUL bytes in the decoded JSON (sizeof counts the literal's own NUL)
 * and empty segments, all correctly signed.
 */
START_TEST(test_nul_json)
{
	static const char	 h0[] = H_HS, p0[] = P_OK;
	static const char	 h1[] = "{\"alg\":\"HS256\",\"kid\":\"k1\"\0}";
	char			 tok[TOKSZ];

	forgen(tok, sizeof(tok), h0, sizeof(h0), p0, strlen(p0), SIG_HS1);
	ck_assert_int_eq(verify(&hs, tok, NULL), JWT_MALFORMED);
	forgen(tok, sizeof(tok), h1, sizeof(h1) - 1, p0, strlen(p0),
	    SIG_HS1);
	ck_assert_int_eq(verify(&hs, tok, NULL), JWT_MALFORMED);
	forgen(tok, sizeof(tok), h0, strlen(h0), p0, sizeof(p0), SIG_HS1);
	ck_assert_int_eq(verify(&hs, tok, NULL), JWT_MALFORMED);
	forgen(tok, sizeof(tok), h0, strlen(h0), p0, 0, SIG_HS1);
	ck_assert_int_eq(verify(&hs, tok, NULL), JWT_MALFORMED);
	forgen(tok, sizeof(tok), h0, 0, p0, strlen(p0), SIG_HS1);
	ck_assert_int_eq(verify(&hs, tok, NULL), JWT_MALFORMED);
	/* The control: the same without the NULs passes. */
	forgen(tok, sizeof(tok), h0, strlen(h0), p0, strlen(p0), SIG_HS1);
	ck_assert_int_eq(verify(&hs, tok, NULL), JWT_OK);
}
END_TEST

START_TEST(test_too_long)
{
	char	 tok[JWT_MAX + 2];

	memset(tok, 'A', sizeof(tok));
	tok[JWT_MAX + 1] = '\0';
	tok[10] = tok[20] = '.';
	ck_assert_int_eq(verify(&hs, tok, NULL), JWT_MALFORMED);
	/* Exactly JWT_MAX gets past the length check (and fails later). */
	tok[JWT_MAX] = '\0';
	ck_assert_int_ne(verify(&hs, tok, NULL), JWT_OK);
}
END_TEST

/*
 * Build a good HS256 token padded by "pad" bytes of header and "len"
 * bytes of payload, and return its length.
 */
static size_t
padded(char *tok, size_t toksz, size_t pad, size_t len)
{
	char	 hdr[64], pay[JWT_MAX];

	snprintf(hdr, sizeof(hdr),
	    "{\"alg\":\"HS256\",\"kid\":\"k1\",\"p\":\"%*s\"}", (int)pad, "");
	snprintf(pay, sizeof(pay),
	    "{\"iss\":\"fcauth\",\"sub\":\"5\",\"sid\":7,"
	    "\"typ\":\"access\",\"exp\":1700000900,\"x\":\"%*s\"}",
	    (int)len, "");
	forge(tok, toksz, hdr, pay, SIG_HS1);
	return strlen(tok);
}

/*
 * A good token of exactly JWT_MAX characters is accepted; one of
 * JWT_MAX + 1 is refused unread.
 */
START_TEST(test_max_length)
{
	static char	 tok[TOKSZ];
	size_t		 pad, len, n;
	int		 found = 0;

	for (pad = 0; pad < 3 && !found; pad++)
		for (len = 0; (n = padded(tok, sizeof(tok), pad, len)) <=
		    JWT_MAX; len++)
			if (n == JWT_MAX) {
				found = 1;
				break;
			}
	ck_assert_msg(found, "no token of JWT_MAX characters built");
	ck_assert_int_eq(verify(&hs, tok, NULL), JWT_OK);
	for (pad = 0; pad < 3; pad++)
		for (len = 0; (n = padded(tok, sizeof(tok), pad, len)) <=
		    JWT_MAX + 1; len++)
			if (n == JWT_MAX + 1) {
				ck_assert_int_eq(verify(&hs, tok, NULL),
				    JWT_MALFORMED);
				return;
			}
	ck_abort_msg("no token of JWT_MAX + 1 characters built");
}
END_TEST

/* Decode and parse the header of "tok"; the caller puts the result. */
static struct json_object *
header_of(const char *tok)
{
	unsigned char	 buf[JWT_MAX];
	size_t		 d1, d2;
	int		 n;

	dots(tok, &d1, &d2);
	n = b64url_decode(tok, d1, buf, sizeof(buf) - 1);
	ck_assert_int_gt(n, 0);
	buf[n] = '\0';
	return json_tokener_parse((const char *)buf);
}

static void
assert_strmember(struct json_object *obj, const char *key,
    const char *want)
{
	struct json_object	*v;

	ck_assert_msg(json_object_object_get_ex(obj, key, &v), "no %s", key);
	ck_assert(json_object_is_type(v, json_type_string));
	ck_assert_str_eq(json_object_get_string(v), want);
}

/* Sign and verify with "ring"; everything comes back as it went in. */
static void
roundtrip(const struct jwt_keyring *ring, const char *alg,
    const char *kid)
{
	struct jwt_claims	 in, out;
	struct json_object	*hdr;
	char			 tok[TOKSZ];

	goodclaims(&in);
	strcpy(in.iss, "iss \"quoted\" / \\ caf\xc3\xa9");
	strcpy(in.role, "admin");
	strcpy(in.jti, "preset-jti");
	ck_assert_int_gt(jwt_sign(ring, &in, tok, sizeof(tok)), 0);
	ck_assert_str_eq(in.jti, "preset-jti");
	ck_assert_int_eq(jwt_verify(ring, tok, in.iss, TYP, NOW, LEEWAY,
	    &out), JWT_OK);
	ck_assert_str_eq(out.iss, in.iss);
	ck_assert_str_eq(out.role, in.role);
	ck_assert_str_eq(out.typ, in.typ);
	ck_assert_str_eq(out.jti, in.jti);
	ck_assert_int_eq(out.sub, in.sub);
	ck_assert_int_eq(out.sid, in.sid);
	ck_assert_int_eq(out.iat, in.iat);
	ck_assert_int_eq(out.nbf, in.nbf);
	ck_assert_int_eq(out.exp, in.exp);

	hdr = header_of(tok);
	ck_assert_ptr_nonnull(hdr);
	assert_strmember(hdr, "alg", alg);
	assert_strmember(hdr, "typ", "JWT");
	assert_strmember(hdr, "kid", kid);
	json_object_put(hdr);
}

START_TEST(test_roundtrip_hs)
{

	roundtrip(&hs, "HS256", "k1");
}
END_TEST

START_TEST(test_roundtrip_ed)
{

	roundtrip(&ed, "EdDSA", "e1");
}
END_TEST

/* sub goes out as a string, sid and the times as integers. */
START_TEST(test_sign_claim_types)
{
	static const char *const ints[] = { "sid", "iat", "nbf", "exp" };
	static const char *const strs[] = { "iss", "sub", "role", "typ",
	    "jti" };
	struct json_object	*pay, *v;
	unsigned char		 buf[JWT_MAX];
	char			 tok[TOKSZ];
	size_t			 d1, d2, i;
	int			 n;

	signgood(&hs, tok, sizeof(tok));
	dots(tok, &d1, &d2);
	n = b64url_decode(tok + d1 + 1, d2 - d1 - 1, buf, sizeof(buf) - 1);
	ck_assert_int_gt(n, 0);
	buf[n] = '\0';
	pay = json_tokener_parse((const char *)buf);
	ck_assert_ptr_nonnull(pay);
	for (i = 0; i < NELEM(ints); i++) {
		ck_assert(json_object_object_get_ex(pay, ints[i], &v));
		ck_assert_msg(json_object_is_type(v, json_type_int), "%s",
		    ints[i]);
	}
	for (i = 0; i < NELEM(strs); i++) {
		ck_assert(json_object_object_get_ex(pay, strs[i], &v));
		ck_assert_msg(json_object_is_type(v, json_type_string), "%s",
		    strs[i]);
	}
	assert_strmember(pay, "sub", "5");
	assert_strmember(pay, "typ", "access");
	json_object_put(pay);
}
END_TEST

/* An empty jti is filled with 128 random bits; each token differs. */
START_TEST(test_sign_jti)
{
	struct jwt_claims	 a, b;
	char			 t1[TOKSZ], t2[TOKSZ];
	unsigned char		 bin[32];

	goodclaims(&a);
	goodclaims(&b);
	ck_assert_int_gt(jwt_sign(&hs, &a, t1, sizeof(t1)), 0);
	ck_assert_int_gt(jwt_sign(&hs, &b, t2, sizeof(t2)), 0);
	ck_assert_uint_eq(strlen(a.jti), 22);
	ck_assert_int_eq(b64url_decode(a.jti, strlen(a.jti), bin,
	    sizeof(bin)), 16);
	ck_assert_str_ne(a.jti, b.jti);
	ck_assert_str_ne(t1, t2);
}
END_TEST

/* Every buffer one byte too small fails cleanly; the exact one works. */
START_TEST(test_sign_small)
{
	struct jwt_claims	 c;
	char			 tok[TOKSZ], small[TOKSZ];
	size_t			 sz;
	int			 n;

	goodclaims(&c);
	strcpy(c.jti, "fixed");
	n = jwt_sign(&ed, &c, tok, sizeof(tok));
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(jwt_sign(&ed, &c, small, 0), -1);
	for (sz = 1; sz <= (size_t)n; sz++) {
		memset(small, 'x', sizeof(small));
		ck_assert_int_eq(jwt_sign(&ed, &c, small, sz), -1);
		ck_assert_int_eq(small[0], '\0');
		ck_assert_int_eq(small[sz], 'x');
	}
	ck_assert_int_eq(jwt_sign(&ed, &c, small, (size_t)n + 1), n);
	/* Ed25519 is deterministic: the very same token. */
	ck_assert_str_eq(small, tok);
}
END_TEST

START_TEST(test_sign_bad_ring)
{
	struct jwt_keyring	 empty;
	struct jwt_claims	 c;
	char			 tok[TOKSZ];

	memset(&empty, 0, sizeof(empty));
	goodclaims(&c);
	ck_assert_int_eq(jwt_sign(&empty, &c, tok, sizeof(tok)), -1);
	ck_assert_int_eq(jwt_sign(NULL, &c, tok, sizeof(tok)), -1);
	ck_assert_int_eq(jwt_sign(&hs, NULL, tok, sizeof(tok)), -1);
	ck_assert_int_eq(jwt_sign(&hs, &c, NULL, sizeof(tok)), -1);
	hs.current = hs.nkeys;
	ck_assert_int_eq(jwt_sign(&hs, &c, tok, sizeof(tok)), -1);
	/* An empty ring verifies nothing. */
	hs.current = 0;
	signgood(&hs, tok, sizeof(tok));
	empty.alg = JWT_HS256;
	ck_assert_int_eq(verify(&empty, tok, NULL), JWT_BAD_KID);
	ck_assert_int_eq(verify(NULL, tok, NULL), JWT_BAD_KID);
}
END_TEST

/* iss and typ are compared with what the caller asks for. */
START_TEST(test_verify_expect)
{
	char	 tok[TOKSZ];

	signgood(&hs, tok, sizeof(tok));
	ck_assert_int_eq(jwt_verify(&hs, tok, "other", TYP, NOW, LEEWAY,
	    NULL), JWT_BAD_ISSUER);
	ck_assert_int_eq(jwt_verify(&hs, tok, NULL, TYP, NOW, LEEWAY,
	    NULL), JWT_BAD_ISSUER);
	ck_assert_int_eq(jwt_verify(&hs, tok, ISS, "refresh", NOW, LEEWAY,
	    NULL), JWT_BAD_TYPE);
	ck_assert_int_eq(jwt_verify(&hs, tok, ISS, NULL, NOW, LEEWAY,
	    NULL), JWT_BAD_TYPE);
	/* Without leeway the window is exactly [nbf, exp). */
	ck_assert_int_eq(jwt_verify(&hs, tok, ISS, TYP, NOW + 899, 0,
	    NULL), JWT_OK);
	ck_assert_int_eq(jwt_verify(&hs, tok, ISS, TYP, NOW + 900, 0,
	    NULL), JWT_EXPIRED);
	ck_assert_int_eq(jwt_verify(&hs, tok, ISS, TYP, NOW - 1, 0,
	    NULL), JWT_NOT_YET_VALID);
	ck_assert_int_eq(jwt_verify(&hs, tok, ISS, TYP, NOW - 1, 1,
	    NULL), JWT_OK);
	ck_assert_int_eq(jwt_verify(&hs, tok, ISS, TYP, INT64_MAX, LEEWAY,
	    NULL), JWT_EXPIRED);
	ck_assert_int_eq(jwt_verify(&hs, tok, ISS, TYP, INT64_MIN, LEEWAY,
	    NULL), JWT_NOT_YET_VALID);
	ck_assert_int_eq(jwt_verify(&hs, tok, ISS, TYP, NOW, UINT32_MAX,
	    NULL), JWT_OK);
}
END_TEST

/*
 * Rotation: a token signed with the previous kid verifies while that
 * key is in the ring, and fails once a ring without it is loaded.
 */
START_TEST(test_rotation)
{
	struct jwt_keyring	*ring = _i == 0 ? &hs : &ed;
	struct jwt_keyring	 next;
	const unsigned char	*newkey = _i == 0 ? hskey[1] : edseed[1];
	struct json_object	*hdr;
	char			 told[TOKSZ], tnew[TOKSZ];
	const char		*oldkid = _i == 0 ? "k1" : "e1";
	const char		*newkid = _i == 0 ? "k2" : "e2";

	signgood(ring, told, sizeof(told));
	ck_assert_int_eq(jwt_keyring_use(ring, newkid), 0);
	ck_assert_uint_eq(ring->current, 1);
	signgood(ring, tnew, sizeof(tnew));
	hdr = header_of(tnew);
	assert_strmember(hdr, "kid", newkid);
	json_object_put(hdr);
	ck_assert_int_eq(verify(ring, told, NULL), JWT_OK);
	ck_assert_int_eq(verify(ring, tnew, NULL), JWT_OK);

	/* The old key retired: a new ring without it. */
	memset(&next, 0, sizeof(next));
	next.alg = ring->alg;
	ck_assert_int_eq(jwt_keyring_add(&next, newkid, newkey, 32), 0);
	ck_assert_int_eq(verify(&next, told, NULL), JWT_BAD_KID);
	ck_assert_int_eq(verify(&next, tnew, NULL), JWT_OK);

	/* A different key under the old kid does not help either. */
	ck_assert_int_eq(jwt_keyring_add(&next, oldkid, newkey, 32), 0);
	ck_assert_int_eq(verify(&next, told, NULL), JWT_BAD_SIGNATURE);
	jwt_keyring_wipe(&next);
	ck_assert_int_eq(verify(&next, tnew, NULL), JWT_BAD_KID);
}
END_TEST

START_TEST(test_keyring_add)
{
	struct jwt_keyring	 r;
	unsigned char		 key[65];
	char			 kid[40];
	size_t			 i;

	memset(key, 0x5a, sizeof(key));
	memset(&r, 0, sizeof(r));
	r.alg = JWT_HS256;
	ck_assert_int_eq(jwt_keyring_add(&r, "a", key, 31), -1);
	ck_assert_int_eq(jwt_keyring_add(&r, "a", key, 0), -1);
	ck_assert_int_eq(jwt_keyring_add(&r, "a", key, 65), -1);
	ck_assert_int_eq(jwt_keyring_add(&r, "", key, 32), -1);
	ck_assert_int_eq(jwt_keyring_add(&r, NULL, key, 32), -1);
	ck_assert_int_eq(jwt_keyring_add(&r, "a", NULL, 32), -1);
	ck_assert_int_eq(jwt_keyring_add(NULL, "a", key, 32), -1);
	memset(kid, 'k', sizeof(kid));
	kid[JWT_KID_MAX + 1] = '\0';
	ck_assert_int_eq(jwt_keyring_add(&r, kid, key, 32), -1);
	ck_assert_uint_eq(r.nkeys, 0);
	kid[JWT_KID_MAX] = '\0';
	ck_assert_int_eq(jwt_keyring_add(&r, kid, key, 64), 0);
	ck_assert_str_eq(r.keys[0].kid, kid);
	ck_assert_uint_eq(r.keys[0].secretlen, 64);
	ck_assert_int_eq(jwt_keyring_add(&r, kid, key, 32), -1);
	for (i = 1; i < JWT_KEYS_MAX; i++) {
		snprintf(kid, sizeof(kid), "k%zu", i);
		ck_assert_int_eq(jwt_keyring_add(&r, kid, key, 32), 0);
	}
	ck_assert_uint_eq(r.nkeys, JWT_KEYS_MAX);
	ck_assert_int_eq(jwt_keyring_add(&r, "full", key, 32), -1);
	ck_assert_uint_eq(r.current, 0);
	ck_assert_int_eq(jwt_keyring_use(&r, "k3"), 0);
	ck_assert_uint_eq(r.current, 3);
	ck_assert_int_eq(jwt_keyring_use(&r, "nope"), -1);
	ck_assert_int_eq(jwt_keyring_use(&r, ""), -1);
	ck_assert_int_eq(jwt_keyring_use(&r, NULL), -1);
	ck_assert_uint_eq(r.current, 3);
	jwt_keyring_wipe(&r);
}
END_TEST

START_TEST(test_keyring_ed)
{
	struct jwt_keyring	 r;
	unsigned char		 seed[33], pk[32], sk[64];

	memset(seed, 0x77, sizeof(seed));
	memset(&r, 0, sizeof(r));
	r.alg = JWT_EDDSA;
	ck_assert_int_eq(jwt_keyring_add(&r, "e", seed, 31), -1);
	ck_assert_int_eq(jwt_keyring_add(&r, "e", seed, 33), -1);
	ck_assert_int_eq(jwt_keyring_add(&r, "e", seed, 32), 0);
	crypto_sign_ed25519_seed_keypair(pk, sk, seed);
	ck_assert_mem_eq(r.keys[0].pk, pk, sizeof(pk));
	ck_assert_mem_eq(r.keys[0].sk, sk, sizeof(sk));
	ck_assert_mem_eq(r.keys[0].secret, seed, 32);
	jwt_keyring_wipe(&r);
}
END_TEST

START_TEST(test_keyring_wipe)
{
	const unsigned char	*p = (const unsigned char *)hs.keys;
	size_t			 i;

	jwt_keyring_wipe(&hs);
	jwt_keyring_wipe(NULL);
	ck_assert_uint_eq(hs.nkeys, 0);
	ck_assert_uint_eq(hs.current, 0);
	ck_assert_int_eq(hs.alg, JWT_HS256);
	for (i = 0; i < sizeof(hs.keys); i++)
		ck_assert_msg(p[i] == 0, "byte %zu left", i);
	jwt_keyring_wipe(&ed);
	p = (const unsigned char *)ed.keys;
	for (i = 0; i < sizeof(ed.keys); i++)
		ck_assert_msg(p[i] == 0, "byte %zu left", i);
}
END_TEST

/* Parse "s" as JSON and return its "keys" array (borrowed from *doc). */
static struct json_object *
jwks_keys(const char *s, struct json_object **doc)
{
	struct json_object	*keys;

	*doc = json_tokener_parse(s);
	ck_assert_ptr_nonnull(*doc);
	ck_assert(json_object_is_type(*doc, json_type_object));
	ck_assert_int_eq(json_object_object_length(*doc), 1);
	ck_assert(json_object_object_get_ex(*doc, "keys", &keys));
	ck_assert(json_object_is_type(keys, json_type_array));
	return keys;
}

START_TEST(test_jwks_ed)
{
	struct json_object	*doc, *keys, *k, *x;
	unsigned char		 pk[64];
	char			*s;
	size_t			 i;

	s = jwt_jwks(&ed);
	ck_assert_ptr_nonnull(s);
	keys = jwks_keys(s, &doc);
	ck_assert_uint_eq(json_object_array_length(keys), 2);
	for (i = 0; i < 2; i++) {
		k = json_object_array_get_idx(keys, i);
		ck_assert(json_object_is_type(k, json_type_object));
		ck_assert_int_eq(json_object_object_length(k), 6);
		assert_strmember(k, "kty", "OKP");
		assert_strmember(k, "crv", "Ed25519");
		assert_strmember(k, "alg", "EdDSA");
		assert_strmember(k, "use", "sig");
		assert_strmember(k, "kid", ed.keys[i].kid);
		ck_assert(!json_object_object_get_ex(k, "d", NULL));
		ck_assert(json_object_object_get_ex(k, "x", &x));
		ck_assert(json_object_is_type(x, json_type_string));
		ck_assert_int_eq(b64url_decode(json_object_get_string(x),
		    (size_t)json_object_get_string_len(x), pk, sizeof(pk)),
		    32);
		ck_assert_mem_eq(pk, ed.keys[i].pk, 32);
	}
	json_object_put(doc);
	free(s);
}
END_TEST

START_TEST(test_jwks_hs)
{
	struct json_object	*doc, *keys;
	char			*s, secret[64];

	s = jwt_jwks(&hs);
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, "{\"keys\":[]}");
	keys = jwks_keys(s, &doc);
	ck_assert_uint_eq(json_object_array_length(keys), 0);
	json_object_put(doc);
	b64url_encode(hskey[0], 32, secret, sizeof(secret));
	ck_assert_ptr_null(strstr(s, secret));
	free(s);

	/* An EdDSA ring without keys has none to publish. */
	jwt_keyring_wipe(&ed);
	s = jwt_jwks(&ed);
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, "{\"keys\":[]}");
	free(s);
	ck_assert_ptr_null(jwt_jwks(NULL));
}
END_TEST

START_TEST(test_strerror)
{
	const char	*s[JWT__MAX];
	int		 i, j;

	for (i = 0; i < JWT__MAX; i++) {
		s[i] = jwt_strerror((enum jwt_result)i);
		ck_assert_ptr_nonnull(s[i]);
		ck_assert_uint_gt(strlen(s[i]), 0);
		for (j = 0; j < i; j++)
			ck_assert_str_ne(s[i], s[j]);
	}
	ck_assert_ptr_nonnull(jwt_strerror(JWT__MAX));
	ck_assert_ptr_nonnull(jwt_strerror((enum jwt_result)-1));
}
END_TEST

/*
 * jwtcache: every case of the matrix gives the same result and claims
 * through the cache as from jwt_verify, the first time (a miss) and
 * the second (a hit for those that verified).
 */
START_TEST(test_cache_matrix)
{
	const struct vcase	*v = &vcases[_i];
	struct jwt_cache	*jc;
	struct jwt_claims	 want, got;
	char			 tok[TOKSZ];
	int			 k;

	ck_assert_ptr_nonnull(jc = jwt_cache_new());
	forge(tok, sizeof(tok), v->hdr, v->pay, v->sig);
	ck_assert_int_eq(verify(ringof(v->ring), tok, &want), v->want);
	for (k = 0; k < 2; k++) {
		memset(&got, 0xa5, sizeof(got));
		ck_assert_msg(jwt_cache_verify(jc, ringof(v->ring), tok, ISS,
		    TYP, NOW, LEEWAY, &got) == v->want, "%s (pass %d)",
		    v->name, k);
		ck_assert_msg(memcmp(&got, &want, sizeof(got)) == 0,
		    "%s (pass %d): claims differ", v->name, k);
	}
	jwt_cache_free(jc);
}
END_TEST

/* A remembered token is still held to its time window on every hit. */
START_TEST(test_cache_time)
{
	struct jwt_cache	*jc;
	struct jwt_claims	 c;
	char			 tok[TOKSZ];

	ck_assert_ptr_nonnull(jc = jwt_cache_new());
	signgood(&hs, tok, sizeof(tok));
	ck_assert_int_eq(jwt_cache_verify(jc, &hs, tok, ISS, TYP, NOW, 0,
	    &c), JWT_OK);
	ck_assert_int_eq(c.sid, 7);
	ck_assert_int_eq(jwt_cache_verify(jc, &hs, tok, ISS, TYP, NOW + 899,
	    0, &c), JWT_OK);
	memset(&c, 0xa5, sizeof(c));
	ck_assert_int_eq(jwt_cache_verify(jc, &hs, tok, ISS, TYP, NOW + 900,
	    0, &c), JWT_EXPIRED);
	ck_assert(allzero(&c));
	ck_assert_int_eq(jwt_cache_verify(jc, &hs, tok, ISS, TYP, NOW - 1, 0,
	    NULL), JWT_NOT_YET_VALID);
	ck_assert_int_eq(jwt_cache_verify(jc, &hs, tok, ISS, TYP, NOW + 929,
	    30, NULL), JWT_OK);
	jwt_cache_free(jc);
}
END_TEST

/*
 * A remembered token is found only under the iss and typ it verified
 * with; a changed byte is another token; no cache verifies every time.
 */
START_TEST(test_cache_expect)
{
	struct jwt_cache	*jc;
	char			 tok[TOKSZ], *sig;
	size_t			 n;

	ck_assert_ptr_nonnull(jc = jwt_cache_new());
	n = (size_t)signgood(&hs, tok, sizeof(tok));
	ck_assert_int_eq(jwt_cache_verify(jc, &hs, tok, ISS, TYP, NOW, LEEWAY,
	    NULL), JWT_OK);
	ck_assert_int_eq(jwt_cache_verify(jc, &hs, tok, "other", TYP, NOW,
	    LEEWAY, NULL), JWT_BAD_ISSUER);
	ck_assert_int_eq(jwt_cache_verify(jc, &hs, tok, ISS, "refresh", NOW,
	    LEEWAY, NULL), JWT_BAD_TYPE);
	ck_assert_int_eq(jwt_cache_verify(jc, &hs, tok, NULL, TYP, NOW,
	    LEEWAY, NULL), JWT_BAD_ISSUER);
	/* the first character of the signature: all six of its bits count */
	sig = strrchr(tok, '.') + 1;
	*sig = *sig == 'A' ? 'B' : 'A';
	ck_assert_int_eq(jwt_cache_verify(jc, &hs, tok, ISS, TYP, NOW, LEEWAY,
	    NULL), JWT_BAD_SIGNATURE);
	ck_assert_int_eq(jwt_cache_verify(jc, &hs, tok, ISS, TYP, NOW, LEEWAY,
	    NULL), JWT_BAD_SIGNATURE);
	tok[n - 1] = '\0';
	ck_assert_int_ne(jwt_cache_verify(NULL, &hs, tok, ISS, TYP, NOW,
	    LEEWAY, NULL), JWT_OK);
	jwt_cache_free(jc);
	jwt_cache_free(NULL);
}
END_TEST

/* Many tokens: more than the slots, each still verifies right. */
START_TEST(test_cache_many)
{
	struct jwt_cache	*jc;
	struct jwt_claims	 c, got;
	char			 tok[TOKSZ];
	int			 i, k;

	ck_assert_ptr_nonnull(jc = jwt_cache_new());
	for (k = 0; k < 2; k++)
		for (i = 1; i <= 3 * JWT_CACHE_SLOTS; i++) {
			goodclaims(&c);
			c.sid = i;
			ck_assert_int_gt(jwt_sign(&hs, &c, tok, sizeof(tok)), 0);
			ck_assert_int_eq(jwt_cache_verify(jc, &hs, tok, ISS,
			    TYP, NOW, LEEWAY, &got), JWT_OK);
			ck_assert_int_eq(got.sid, i);
		}
	jwt_cache_free(jc);
}
END_TEST

static Suite *
jwt_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("jwt");

	tc = tcase_create("negative matrix");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_matrix, 0, NELEM(vcases));
	tcase_add_loop_test(tc, test_raw, 0, NELEM(rawbad));
	tcase_add_test(tc, test_null_token);
	tcase_add_loop_test(tc, test_mangle, 0, 2 * NELEM(mcases));
	tcase_add_loop_test(tc, test_bitflip, 0, 256 + 512);
	tcase_add_test(tc, test_nul_json);
	tcase_add_test(tc, test_too_long);
	tcase_add_test(tc, test_max_length);
	suite_add_tcase(s, tc);

	tc = tcase_create("sign");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_roundtrip_hs);
	tcase_add_test(tc, test_roundtrip_ed);
	tcase_add_test(tc, test_sign_claim_types);
	tcase_add_test(tc, test_sign_jti);
	tcase_add_test(tc, test_sign_small);
	tcase_add_test(tc, test_sign_bad_ring);
	tcase_add_test(tc, test_verify_expect);
	suite_add_tcase(s, tc);

	tc = tcase_create("keyring");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_rotation, 0, 2);
	tcase_add_test(tc, test_keyring_add);
	tcase_add_test(tc, test_keyring_ed);
	tcase_add_test(tc, test_keyring_wipe);
	tcase_add_test(tc, test_jwks_ed);
	tcase_add_test(tc, test_jwks_hs);
	tcase_add_test(tc, test_strerror);
	suite_add_tcase(s, tc);

	tc = tcase_create("cache");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_cache_matrix, 0, NELEM(vcases));
	tcase_add_test(tc, test_cache_time);
	tcase_add_test(tc, test_cache_expect);
	tcase_add_test(tc, test_cache_many);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	return unit_main("check_jwt", jwt_suite, UNIT_SODIUM);
}
