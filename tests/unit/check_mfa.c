/*
 * Unit tests of the second factor's crypto: the liboath wrapper
 * against RFC 6238's test vectors, its window edges and malformed
 * codes, base32 and the otpauth URI, sealing, recovery-code digests
 * and the QR SVG.  The replay refusal needs the database: see
 * tests/integration/check_mfa.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <sodium.h>

#include "qr.h"
#include "recovery.h"
#include "seal.h"
#include "totp.h"
#include "unit.h"

/* RFC 6238 appendix B, the SHA-1 rows (secret "1234...890"). */
static const unsigned char rfc_key[] = "12345678901234567890";
static const struct {
	long long	 t;
	const char	*code;
} rfc[] = {
	{ 59LL, "94287082" },
	{ 1111111109LL, "07081804" },
	{ 1111111111LL, "14050471" },
	{ 1234567890LL, "89005924" },
	{ 2000000000LL, "69279037" },
	{ 20000000000LL, "65353130" },
};

START_TEST(test_rfc6238_eight)
{
	char	 out[9];

	ck_assert_int_eq(totp_code(rfc_key, 20, (time_t)rfc[_i].t, 8, out), 0);
	ck_assert_str_eq(out, rfc[_i].code);
}
END_TEST

/* Six digits are the last six of the eight, and verify at their time. */
START_TEST(test_rfc6238_verify)
{
	char	 out[7];
	int64_t	 step = -1;

	ck_assert_int_eq(totp_code(rfc_key, 20, (time_t)rfc[_i].t, 6, out), 0);
	ck_assert_str_eq(out, rfc[_i].code + 2);
	ck_assert_int_eq(totp_verify(rfc_key, 20, rfc[_i].code + 2,
	    (time_t)rfc[_i].t, &step), 1);
	ck_assert_int_eq(step, rfc[_i].t / 30);
	ck_assert_int_eq(step, totp_step((time_t)rfc[_i].t));
}
END_TEST

/*
 * A code of step s is accepted from the first second of step s-1 to
 * the last of step s+1 (±1 window, the matched step reported), and
 * refused one second outside.
 */
START_TEST(test_window_edges)
{
	const time_t	 s = 37037036;		/* 1111111109 / 30 */
	const time_t	 at = s * 30 + 7;
	char		 code[7];
	int64_t		 step;

	ck_assert_int_eq(totp_code(rfc_key, 20, at, 6, code), 0);
	step = -1;
	ck_assert_int_eq(totp_verify(rfc_key, 20, code, (s - 1) * 30, &step), 1);
	ck_assert_int_eq(step, s);
	step = -1;
	ck_assert_int_eq(totp_verify(rfc_key, 20, code, (s + 2) * 30 - 1,
	    &step), 1);
	ck_assert_int_eq(step, s);
	ck_assert_int_eq(totp_verify(rfc_key, 20, code, (s - 1) * 30 - 1,
	    &step), 0);
	ck_assert_int_eq(totp_verify(rfc_key, 20, code, (s + 2) * 30, &step), 0);
}
END_TEST

static const char *const bad_codes[] = {
	"", "1", "08180", "0708180", "07081804", "7081804 ", " 081804",
	"08180a", "０８１８０４", "+81804", "-81804", "0x1804",
};

START_TEST(test_malformed)
{
	int64_t	 step = 0;

	ck_assert_int_eq(totp_verify(rfc_key, 20, bad_codes[_i],
	    (time_t)1111111109, &step), 0);
	ck_assert_int_eq(totp_verify(rfc_key, 20, NULL, (time_t)1111111109,
	    &step), 0);
}
END_TEST

/* The right code with another secret is refused. */
START_TEST(test_wrong_key)
{
	unsigned char	 other[20];
	int64_t		 step;

	memcpy(other, rfc_key, 20);
	other[0] ^= 1;
	ck_assert_int_eq(totp_verify(other, 20, "081804", (time_t)1111111109,
	    &step), 0);
}
END_TEST

/* RFC 4648 section 10, padding dropped. */
START_TEST(test_base32)
{
	char		 out[TOTP_B32_MAX];
	unsigned char	 key[TOTP_SECRET_LEN];

	ck_assert_int_eq(totp_base32((const unsigned char *)"foobar", 6, out,
	    sizeof(out)), 0);
	ck_assert_str_eq(out, "MZXW6YTBOI");
	ck_assert_int_eq(totp_base32((const unsigned char *)"f", 1, out,
	    sizeof(out)), 0);
	ck_assert_str_eq(out, "MY");
	ck_assert_int_eq(totp_base32(rfc_key, 20, out, sizeof(out)), 0);
	ck_assert_str_eq(out, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
	ck_assert_int_eq(totp_base32(rfc_key, 20, out, 32), -1);
	totp_secret_new(key);
	ck_assert_int_eq(totp_base32(key, sizeof(key), out, sizeof(out)), 0);
	ck_assert_uint_eq(strlen(out), 32);
}
END_TEST

START_TEST(test_uri)
{
	char	 out[512];

	ck_assert_int_eq(totp_uri("Example Co", "ann@example.com",
	    "GEZDGNBV", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "otpauth://totp/Example%20Co:ann%40example.com"
	    "?secret=GEZDGNBV&issuer=Example%20Co&algorithm=SHA1&digits=6"
	    "&period=30");
	ck_assert_int_eq(totp_uri("a&b=c", "x?y#z", "A", out, sizeof(out)), 0);
	ck_assert_ptr_null(strstr(out, "&b"));
	ck_assert_ptr_null(strchr(out, '#'));
	ck_assert_int_eq(totp_uri("Example", "ann@example.com", "GEZDGNBV",
	    out, 40), -1);
	ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(test_seal_roundtrip)
{
	unsigned char	 key[SEAL_KEY], other[SEAL_KEY], nonce[SEAL_NONCE];
	unsigned char	 nonce2[SEAL_NONCE];
	unsigned char	 plain[20], sealed[20 + SEAL_MAC], sealed2[20 + SEAL_MAC];
	unsigned char	 back[20];

	randombytes_buf(key, sizeof(key));
	memcpy(other, key, sizeof(key));
	other[31] ^= 0x80;
	randombytes_buf(plain, sizeof(plain));
	ck_assert_int_eq(seal_box(key, plain, 20, nonce, sealed,
	    sizeof(sealed)), 0);
	ck_assert_int_ne(memcmp(sealed, plain, 20), 0);
	ck_assert_int_eq(seal_open(key, sealed, sizeof(sealed), nonce, back,
	    sizeof(back)), 20);
	ck_assert_int_eq(memcmp(back, plain, 20), 0);
	/* a fresh nonce each time: the same secret seals differently */
	ck_assert_int_eq(seal_box(key, plain, 20, nonce2, sealed2,
	    sizeof(sealed2)), 0);
	ck_assert_int_ne(memcmp(nonce, nonce2, SEAL_NONCE), 0);
	ck_assert_int_ne(memcmp(sealed, sealed2, sizeof(sealed)), 0);
	/* another key, a changed byte, a cut box: nothing opens */
	ck_assert_int_eq(seal_open(other, sealed, sizeof(sealed), nonce, back,
	    sizeof(back)), -1);
	sealed[3] ^= 1;
	ck_assert_int_eq(seal_open(key, sealed, sizeof(sealed), nonce, back,
	    sizeof(back)), -1);
	sealed[3] ^= 1;
	ck_assert_int_eq(seal_open(key, sealed, SEAL_MAC - 1, nonce, back,
	    sizeof(back)), -1);
	ck_assert_int_eq(seal_open(key, sealed, sizeof(sealed), nonce2, back,
	    sizeof(back)), -1);
	ck_assert_int_eq(seal_box(key, plain, 20, nonce, sealed, 20), -1);
}
END_TEST

START_TEST(test_recovery_format)
{
	char	 codes[200][RECOVERY_STRLEN + 1];
	size_t	 i, j;

	for (i = 0; i < 200; i++) {
		recovery_new(codes[i]);
		ck_assert_uint_eq(strlen(codes[i]), RECOVERY_STRLEN);
		ck_assert_int_eq(codes[i][5], '-');
		ck_assert_uint_eq(strspn(codes[i], "abcdefghjkmnpqrstuvwxyz"
		    "23456789-"), RECOVERY_STRLEN);
		for (j = 0; j < i; j++)
			ck_assert_str_ne(codes[i], codes[j]);
	}
}
END_TEST

START_TEST(test_recovery_digest)
{
	unsigned char	 key[32], other[32];
	unsigned char	 a[RECOVERY_DIGEST], b[RECOVERY_DIGEST];
	char		 code[RECOVERY_STRLEN + 1];

	randombytes_buf(key, sizeof(key));
	memcpy(other, key, sizeof(key));
	other[0] ^= 1;
	ck_assert_int_eq(recovery_digest(key, "abcde-fghjk", a), 0);
	/* however it is typed back, the same digest */
	ck_assert_int_eq(recovery_digest(key, "ABCDEFGHJK", b), 0);
	ck_assert_int_eq(memcmp(a, b, sizeof(a)), 0);
	ck_assert_int_eq(recovery_digest(key, " abcde fghjk ", b), 0);
	ck_assert_int_eq(memcmp(a, b, sizeof(a)), 0);
	/* keyed: another key, another digest; another code too */
	ck_assert_int_eq(recovery_digest(other, "abcde-fghjk", b), 0);
	ck_assert_int_ne(memcmp(a, b, sizeof(a)), 0);
	ck_assert_int_eq(recovery_digest(key, "abcde-fghjm", b), 0);
	ck_assert_int_ne(memcmp(a, b, sizeof(a)), 0);
	/* the digest is not the plain code */
	ck_assert_ptr_null(memmem(a, sizeof(a), "abcde", 5));
	recovery_new(code);
	ck_assert_int_eq(recovery_digest(key, code, b), 0);
}
END_TEST

static const char *const bad_recovery[] = {
	"", "abcde", "abcde-fghj", "abcde-fghjkm", "abcde-fghj0",
	"abcde-fghji", "abcde_fghjk", "abcde-fghj\xc3\xa9",
	"-----------------------------------abcdefghjk",
	"123456",
};

START_TEST(test_recovery_bad)
{
	unsigned char	 key[32] = { 0 }, d[RECOVERY_DIGEST];

	ck_assert_int_eq(recovery_digest(key, bad_recovery[_i], d), -1);
	ck_assert_int_eq(recovery_digest(key, NULL, d), -1);
}
END_TEST

START_TEST(test_qr_svg)
{
	char	*svg;
	char	 uri[300];

	ck_assert_int_eq(totp_uri("fcauth", "someone@example.com",
	    "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", uri, sizeof(uri)), 0);
	svg = qr_svg(uri);
	ck_assert_ptr_nonnull(svg);
	ck_assert_int_eq(strncmp(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 ", 53), 0);
	ck_assert_ptr_nonnull(strstr(svg, "<path fill=\"#000\" d=\"M"));
	ck_assert_str_eq(svg + strlen(svg) - 6, "</svg>");
	ck_assert_uint_lt(strlen(svg), 32768);
	/* nothing of the text leaks into the markup unescaped */
	ck_assert_ptr_null(strstr(svg, "otpauth"));
	free(svg);
}
END_TEST

static Suite *
mfa_suite(void)
{
	Suite	*s = suite_create("mfa");
	TCase	*tc;

	tc = tcase_create("totp");
	LOOP(tc, test_rfc6238_eight, rfc);
	LOOP(tc, test_rfc6238_verify, rfc);
	tcase_add_test(tc, test_window_edges);
	LOOP(tc, test_malformed, bad_codes);
	tcase_add_test(tc, test_wrong_key);
	tcase_add_test(tc, test_base32);
	tcase_add_test(tc, test_uri);
	suite_add_tcase(s, tc);

	tc = tcase_create("seal");
	tcase_add_test(tc, test_seal_roundtrip);
	suite_add_tcase(s, tc);

	tc = tcase_create("recovery");
	tcase_add_test(tc, test_recovery_format);
	tcase_add_test(tc, test_recovery_digest);
	LOOP(tc, test_recovery_bad, bad_recovery);
	suite_add_tcase(s, tc);

	tc = tcase_create("qr");
	tcase_add_test(tc, test_qr_svg);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return unit_main("check_mfa", mfa_suite, UNIT_SODIUM);
}
