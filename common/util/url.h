/*
 * url: small helpers for the URLs fcauth builds (redirects, links).
 */
#ifndef FCAUTH_URL_H
#define FCAUTH_URL_H

/*
 * What goes between "url" and one more query parameter: "&" when "url"
 * already has a query ('?'), else "?".  A static string.
 */
const char	*url_joiner(const char *url);

#endif /* FCAUTH_URL_H */
