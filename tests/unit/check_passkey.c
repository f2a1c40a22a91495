/*
 * Unit tests of the passkey rules that need no database
 * (common/account/passkey.c): the relying party taken from the
 * configuration, the verifier's verdicts as ours, passkey names, and
 * the stand-in credential list of an unknown login (the same for the
 * same login and key, another for another login or key, always of
 * the shape real lists have).  The ceremonies themselves:
 * tests/unit/check_webauthn.c and tests/integration/check_passkeys.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <sodium.h>

#include "config.h"
#include "passkey.h"
#include "passkeys.h"
#include "unit.h"

static void
cfg_init(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->webauthn_rp_id = (char *)"example.com";
	cfg->webauthn_rp_name = (char *)"Example";
	cfg->webauthn_timeout = 300;
	snprintf(cfg->webauthn_origin[0], CONFIG_ORIGIN_MAX,
	    "https://example.com");
	snprintf(cfg->webauthn_origin[1], CONFIG_ORIGIN_MAX,
	    "https://www.example.com");
	cfg->webauthn_norigins = 2;
	cfg->webauthn_uv = CONFIG_UV_REQUIRED;
	cfg->nkeys = 1;
	memset(cfg->keys[0].secret, 7, 32);
	cfg->keys[0].secretlen = 32;
}

START_TEST(test_rp)
{
	struct config		 cfg;
	struct webauthn_rp	 rp;
	const char		*o[CONFIG_ORIGINS_MAX];

	cfg_init(&cfg);
	ck_assert(passkey_available(&cfg));
	passkey_rp(&cfg, &rp, o);
	ck_assert_str_eq(rp.id, "example.com");
	ck_assert_uint_eq(rp.norigins, 2);
	ck_assert_str_eq(rp.origins[1], "https://www.example.com");
	ck_assert_int_eq(rp.uv_required, 1);
	ck_assert_str_eq(passkey_uv_name(&cfg), "required");
	cfg.webauthn_uv = CONFIG_UV_DISCOURAGED;
	ck_assert_str_eq(passkey_uv_name(&cfg), "discouraged");
	passkey_rp(&cfg, &rp, o);
	ck_assert_int_eq(rp.uv_required, 0);
	cfg.webauthn_rp_id = (char *)"";
	ck_assert(!passkey_available(&cfg));
}
END_TEST

/* Every verifier verdict has its own of ours; none is silently OK. */
START_TEST(test_verdicts)
{
	int	 v;

	ck_assert_int_eq(passkey_of_webauthn(WA_OK), PASSKEY_OK);
	for (v = WA_MALFORMED; v <= WA_ERROR; v++)
		ck_assert_int_ne(passkey_of_webauthn((enum webauthn_verdict)v),
		    PASSKEY_OK);
	ck_assert_int_eq(passkey_of_webauthn(WA_COUNTER), PASSKEY_COUNTER);
	ck_assert_int_eq(passkey_of_webauthn(WA_NO_UV), PASSKEY_NO_UV);
	ck_assert_int_eq(passkey_of_webauthn(WA_ERROR), PASSKEY_ERROR);
}
END_TEST

START_TEST(test_names)
{
	char	 s[PASSKEYS_NAME_MAX * 4 + 8];

	ck_assert(passkey_name_ok(""));
	ck_assert(passkey_name_ok("Laptop"));
	ck_assert(passkey_name_ok("Téléphone de Zoë"));
	memset(s, 'a', PASSKEYS_NAME_MAX);
	s[PASSKEYS_NAME_MAX] = '\0';
	ck_assert(passkey_name_ok(s));
	s[PASSKEYS_NAME_MAX] = 'a';
	s[PASSKEYS_NAME_MAX + 1] = '\0';
	ck_assert(!passkey_name_ok(s));
	ck_assert(!passkey_name_ok("a\x07" "b"));
	ck_assert(!passkey_name_ok("bad \xff utf-8"));
	ck_assert(!passkey_name_ok("line\nbreak"));
}
END_TEST

START_TEST(test_fake_list)
{
	struct config		 cfg;
	struct passkey_row	 a[2], b[2], c[2];
	size_t			 na, nb, nc, i;

	cfg_init(&cfg);
	passkey_fake_list(&cfg, "nobody@example.com", a, &na);
	passkey_fake_list(&cfg, "nobody@example.com", b, &nb);
	ck_assert(na >= 1 && na <= 2);
	ck_assert_uint_eq(na, nb);
	for (i = 0; i < na; i++) {
		ck_assert(a[i].cred_id_len == 16 || a[i].cred_id_len == 32);
		ck_assert_uint_eq(a[i].cred_id_len, b[i].cred_id_len);
		ck_assert_mem_eq(a[i].cred_id, b[i].cred_id, a[i].cred_id_len);
		ck_assert_str_eq(a[i].transports, b[i].transports);
		ck_assert(a[i].transports[0] != '\0');
	}
	passkey_fake_list(&cfg, "somebody@example.com", c, &nc);
	ck_assert(nc != na || c[0].cred_id_len != a[0].cred_id_len ||
	    memcmp(c[0].cred_id, a[0].cred_id, a[0].cred_id_len) != 0);
	/* another server key: another list for the same login */
	memset(cfg.keys[0].secret, 8, 32);
	passkey_fake_list(&cfg, "nobody@example.com", c, &nc);
	ck_assert(nc != na || c[0].cred_id_len != a[0].cred_id_len ||
	    memcmp(c[0].cred_id, a[0].cred_id, a[0].cred_id_len) != 0);
}
END_TEST

static Suite *
passkey_suite(void)
{
	Suite	*s = suite_create("passkey");
	TCase	*tc = tcase_create("rules");

	tcase_add_test(tc, test_rp);
	tcase_add_test(tc, test_verdicts);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_fake_list);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return unit_main("check_passkey", passkey_suite, UNIT_SODIUM);
}
