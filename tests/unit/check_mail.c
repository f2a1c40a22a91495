/*
 * Unit tests for mail: every shipped template renders with the
 * variables its callers give, placeholders are filled, an unknown
 * placeholder is an error, and nothing a user typed can add a header
 * line to the subject.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "config.h"
#include "mail.h"
#include "unit.h"

static struct config	 cfg;
static char		 tdir[256];

static void
setup_templates(const char *dir)
{
	memset(&cfg, 0, sizeof(cfg));
	cfg.templates_dir = (char *)dir;
	cfg.site_name = (char *)"Example Site";
	cfg.base_url = (char *)"https://site.example";
}

/* The variables each template's caller passes. */
static const struct mail_var all_vars[] = {
	{ "code", "123456" },
	{ "link", "https://site.example/api/v1/auth/verify/TOKEN" },
	{ "token", "TOKEN" },
	{ "minutes", "10" },
	{ "new_email", "new@example.com" },
	{ "left", "9" },
	{ "name", "Laptop" },
};

START_TEST(test_shipped_templates)
{
	char	*subject, *body;

	snprintf(tdir, sizeof(tdir), "%s/conf/templates", unit_srcdir());
	setup_templates(tdir);
	ck_assert_int_eq(mail_render(&cfg, (enum mail_template)_i, all_vars,
	    sizeof(all_vars) / sizeof(all_vars[0]), &subject, &body), 0);
	ck_assert_ptr_nonnull(strstr(subject, "Example Site"));
	ck_assert_ptr_null(strchr(subject, '\n'));
	ck_assert_ptr_null(strstr(body, "{{"));
	ck_assert_ptr_nonnull(strstr(body, "https://site.example"));
	if (_i == MAIL_CONFIRM || _i == MAIL_EMAIL_CHANGE) {
		ck_assert_ptr_nonnull(strstr(body, "123456"));
		ck_assert_ptr_nonnull(strstr(body, "/api/v1/auth/verify/TOKEN"));
	}
	free(subject);
	free(body);
}
END_TEST

/* Write a one-off template file as reset.txt in a temporary dir. */
static void
write_template(const char *text)
{
	char	 path[512];
	FILE	*f;

	snprintf(tdir, sizeof(tdir), "/tmp/fcauth-mail-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tdir));
	snprintf(path, sizeof(path), "%s/reset.txt", tdir);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
	setup_templates(tdir);
}

START_TEST(test_unknown_placeholder)
{
	char	*subject, *body;

	write_template("Subject: hi\n\n{{nosuch}}\n");
	ck_assert_int_eq(mail_render(&cfg, MAIL_RESET, NULL, 0, &subject,
	    &body), -1);
	ck_assert_ptr_null(subject);
}
END_TEST

START_TEST(test_subject_injection)
{
	struct mail_var	 v = { "token", "x\r\nBcc: victim@example.com" };
	char		*subject, *body;

	write_template("Subject: reset {{token}}\n\nbody {{token}}\n");
	ck_assert_int_eq(mail_render(&cfg, MAIL_RESET, &v, 1, &subject,
	    &body), 0);
	ck_assert_ptr_null(strpbrk(subject, "\r\n"));
	ck_assert_str_eq(subject, "reset x  Bcc: victim@example.com");
	free(subject);
	free(body);
}
END_TEST

START_TEST(test_no_subject)
{
	char	*subject, *body;

	write_template("Hello\n\nbody\n");
	ck_assert_int_eq(mail_render(&cfg, MAIL_RESET, NULL, 0, &subject,
	    &body), -1);
}
END_TEST

static Suite *
mail_suite(void)
{
	Suite	*s = suite_create("mail");
	TCase	*tc = tcase_create("templates");

	tcase_add_loop_test(tc, test_shipped_templates, 0, MAIL__MAX);
	tcase_add_test(tc, test_unknown_placeholder);
	tcase_add_test(tc, test_subject_injection);
	tcase_add_test(tc, test_no_subject);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return unit_main("check_mail", mail_suite, 0);
}
