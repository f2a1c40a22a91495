/*
 * url: small helpers for the URLs fcauth builds (url.h).
 */
#include <string.h>

#include "url.h"

const char *
url_joiner(const char *url)
{
	return strchr(url, '?') != NULL ? "&" : "?";
}
