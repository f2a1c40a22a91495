/*
 * page: the HTML pages of the service, written by the renderer: the
 * small self-contained page a browser sees after following the link
 * of a verification mail.  Handlers only name the outcome.
 */
#ifndef FCAUTH_PAGE_H
#define FCAUTH_PAGE_H

enum page {
	PAGE_NONE,			/* a JSON reply */
	PAGE_LINK_VERIFIED,		/* the address is confirmed */
	PAGE_LINK_EXPIRED,		/* expired or already used */
	PAGE_LINK_INVALID,		/* not a link of ours */
	PAGE__MAX
};

/*
 * Page "p" for the site called "site" (may be NULL), newly allocated
 * (the caller frees it), or NULL on out of memory or PAGE_NONE.
 */
char	*page_render(enum page p, const char *site);

#endif /* FCAUTH_PAGE_H */
