/*
 * validate_date: dates as typed (the birthday): the accepted formats,
 * the calendar, and the check against today (UTC).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "validate.h"
#include "validate_private.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

#define BIRTH_YEAR_MIN	1900
#define BIRTHDAY_BAD	"Birthday must be a real past date (YYYY-MM-DD)"

/* Days in each month of a common year. */
static const int month_days[12] = {
	31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
};

struct date_format {
	const char	*pattern;	/* 'd' a digit, else the character */
	size_t		 year, month, day;	/* offsets */
};

static const struct date_format date_formats[] = {
	{ "dddd-dd-dd", 0, 5, 8 },	/* YYYY-MM-DD */
	{ "dd.dd.dddd", 6, 3, 0 },	/* DD.MM.YYYY */
};

static int
is_leap(int y)
{

	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days from 1970-01-01 to the proleptic Gregorian date y-m-d, y >= 1. */
static long
days_from_civil(int y, int m, int d)
{
	long	 era, yoe, doy, doe;

	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Whether "s" has the shape of "pattern" ('d' a digit): 1 or 0. */
static int
matches(const char *s, const char *pattern)
{

	for (; *pattern != '\0'; s++, pattern++)
		if (*pattern == 'd' ? !is_digit((unsigned char)*s) :
		    *s != *pattern)
			return 0;
	return *s == '\0';
}

/*
 * Birthday: YYYY-MM-DD or DD.MM.YYYY, a real calendar date, not before
 * 1900 and not after the UTC day of "now"; normalised to YYYY-MM-DD
 * in "out" (>= 11).
 */
const char *
validate_birthday_at(const char *s, time_t now, char *out, size_t outsz)
{
	const struct date_format	*f = NULL;
	size_t				 i;
	int				 y, m, d, mdays;

	if (out != NULL && outsz > 0)
		out[0] = '\0';
	if (s == NULL || out == NULL || outsz < sizeof("YYYY-MM-DD"))
		return BIRTHDAY_BAD;
	for (i = 0; i < NELEM(date_formats); i++)
		if (matches(s, date_formats[i].pattern))
			f = &date_formats[i];
	if (f == NULL)
		return BIRTHDAY_BAD;
	y = digits_value(s + f->year, 4);
	m = digits_value(s + f->month, 2);
	d = digits_value(s + f->day, 2);
	if (y < BIRTH_YEAR_MIN || m < 1 || m > 12)
		return BIRTHDAY_BAD;
	mdays = month_days[m - 1] + (m == 2 && is_leap(y));
	if (d < 1 || d > mdays)
		return BIRTHDAY_BAD;
	if (days_from_civil(y, m, d) > (long)(now / 86400))
		return BIRTHDAY_BAD;
	snprintf(out, outsz, "%04d-%02d-%02d", y, m, d);
	return NULL;
}

/* validate_birthday_at against the clock. */
const char *
validate_birthday(const char *s, char *out, size_t outsz)
{
	return validate_birthday_at(s, time(NULL), out, outsz);
}
