/*
 * page: HTML pages.  See page.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "page.h"

struct page_def {
	const char	*title;
	const char	*text;
};

static const struct page_def page_defs[PAGE__MAX] = {
	{ NULL, NULL }, /* PAGE_NONE */
	{ "Email verified",
	    "Your email address is confirmed. You can now sign in." },
	    /* PAGE_LINK_VERIFIED */
	{ "Link expired",
	    "This link has expired or was already used. Request a new "
	    "code from the sign-in page." }, /* PAGE_LINK_EXPIRED */
	{ "Invalid link",
	    "This link is not valid. Check that you copied the whole "
	    "link from the email." }, /* PAGE_LINK_INVALID */
};

/* "s" with & < > " ' escaped, newly allocated, or NULL. */
static char *
page_escape(const char *s)
{
	char	*out, *o;

	if ((out = malloc(strlen(s) * 6 + 1)) == NULL)
		return NULL;
	for (o = out; *s != '\0'; s++) {
		switch (*s) {
		case '&': o += sprintf(o, "&amp;"); break;
		case '<': o += sprintf(o, "&lt;"); break;
		case '>': o += sprintf(o, "&gt;"); break;
		case '"': o += sprintf(o, "&quot;"); break;
		case '\'': o += sprintf(o, "&#39;"); break;
		default: *o++ = *s; break;
		}
	}
	*o = '\0';
	return out;
}

char *
page_render(enum page p, const char *site)
{
	const struct page_def	*d;
	char			*esc, *page;
	int			 n;

	if (p <= PAGE_NONE || p >= PAGE__MAX)
		return NULL;
	d = &page_defs[p];
	if ((esc = page_escape(site != NULL ? site : "")) == NULL)
		return NULL;
	n = asprintf(&page, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width\">\n"
	    "<title>%s - %s</title>\n"
	    "<style>body{font-family:sans-serif;max-width:32em;"
	    "margin:4em auto;padding:0 1em;color:#222}"
	    "h1{font-size:1.4em}</style>\n</head>\n<body>\n"
	    "<h1>%s</h1>\n<p>%s</p>\n<p><a href=\"/\">%s</a></p>\n"
	    "</body>\n</html>\n", d->title, esc, d->title, d->text, esc);
	free(esc);
	return n < 0 ? NULL : page;
}
