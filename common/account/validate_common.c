/*
 * validate_common: the common-password list validate_password refuses:
 * the built-in one below, or one loaded from a file
 * (validate_load_common, the common_passwords setting).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "passwd.h"
#include "validate.h"
#include "validate_private.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * Common passwords of 8 or more characters, lower-case, sorted by
 * strcmp for bsearch.  validate_load_common replaces the list.
 */
static const char *const common_builtin[] = {
	"!qaz2wsx", "00000000", "0000000000", "01234567", "0123456789",
	"0987654321", "11111111", "111111111", "1111111111", "11112222",
	"11223344", "1122334455", "12121212", "123123123", "12341234",
	"12344321", "1234512345", "12345678", "123456789", "1234567890",
	"123456789012", "1234567891", "12345678910", "123456789a",
	"12345678a", "1234567q", "123456qwerty", "12345qwert", "1234abcd",
	"1234qwer", "1234qwerasdf", "123654789", "123abc123", "123qwe123",
	"123qweasd", "12qwaszx", "147258369", "147852369", "159753456",
	"1q2w3e4r", "1q2w3e4r5", "1q2w3e4r5t", "1q2w3e4r5t6y",
	"1q2w3e4r5t6y7u8i", "1qaz!qaz", "1qaz2wsx", "1qaz2wsx3edc",
	"1qazxsw2", "22222222", "33333333", "44444444", "5201314520",
	"55555555", "66666666", "741852963", "77777777", "789456123",
	"87654321", "88888888", "8characters", "987654321", "9876543210",
	"99999999", "a1234567", "a12345678", "a123456789", "a1b2c3d4",
	"aa123456", "aa12345678", "aaaaaaaa", "aaaaaaaaa", "abc12345",
	"abc123456", "abcd1234", "abcd12345", "abcdefg1", "abcdefgh",
	"admin123", "admin1234", "adminadmin", "administrator",
	"alexander", "andrew123", "anthony1", "apple123", "arsenal1",
	"asdf1234", "asdfasdf", "asdfghjk", "asdfghjkl", "asdfghjkl1",
	"ashley12", "autumn2023", "babygirl", "babygirl1", "barcelona",
	"baseball", "baseball1", "basketball", "batman123", "beautiful",
	"benjamin", "blessed1", "blink182", "butterfly", "changeme",
	"changeme1", "changeme123", "charlie1", "charlotte", "cheese123",
	"chelsea1", "chocolate", "christian", "christopher", "computer",
	"computer1", "cookie123", "corvette", "danielle", "default1",
	"diamond1", "dragon123", "elizabeth", "facebook", "fcauth123",
	"february", "football", "football1", "football12", "freedom1",
	"godisgood", "google123", "hello123", "hello1234", "hellohello",
	"helloworld", "hockey123", "ilovegod", "iloveyou", "iloveyou!",
	"iloveyou1", "iloveyou12", "iloveyou123", "iloveyou2", "instagram",
	"internet", "january1", "jennifer", "jessica1", "jesus123",
	"jesuschrist", "jonathan", "jordan23", "letmein!", "letmein1",
	"letmein123", "linkedin", "liverpool", "liverpool1", "lovelove",
	"loveyou1", "manchester", "march2024", "master123", "mercedes",
	"metallica", "michael1", "michelle", "midnight", "minecraft",
	"minecraft1", "monkey123", "mustang1", "mypassword", "myspace1",
	"nicholas", "nothing1", "p4ssw0rd", "p@ssw0rd", "p@ssword",
	"pa$$w0rd", "pa55w0rd", "pa55word", "pass1234", "pass12345",
	"passpass", "passport", "passw0rd", "password", "password!",
	"password01", "password1", "password12", "password123",
	"password1234", "password2", "password2020", "password2021",
	"password2022", "password2023", "password2024", "password2025",
	"passwords", "pepper123", "pokemon123", "princess", "princess1",
	"q1w2e3r4", "q1w2e3r4!", "q1w2e3r4t5", "q1w2e3r4t5y6", "qazwsx123",
	"qazwsxedc", "qq123456", "qweasdzxc", "qwerqwer", "qwert12345",
	"qwerty!@", "qwerty01", "qwerty11", "qwerty12", "qwerty123",
	"qwerty1234", "qwerty123456", "qwertyqwerty", "qwertyui",
	"qwertyuiop", "qwertyuiop1", "qwertyuiop123", "rainbow1",
	"realmadrid", "root1234", "rootroot", "samantha", "samsung1",
	"secret123", "security", "shadow123", "slipknot", "soccer123",
	"spiderman", "spring2024", "starwars", "starwars1", "summer2020",
	"summer2021", "summer2022", "summer2023", "summer2024",
	"sunflower", "sunshine", "sunshine1", "superman", "superman1",
	"superman123", "sweetheart", "test1234", "test12345", "testing1",
	"testing123", "testtest", "thunder1", "trustno1", "trustno1!",
	"unknown1", "victoria", "welcome!", "welcome1", "welcome12",
	"welcome123", "welcome2", "welcome2024", "whatever", "whatever1",
	"winter2023", "woaini1314", "zaq!2wsx", "zaq12wsx", "zaq1zaq1",
	"zxcvbnm1", "zxcvbnm123", "zzzzzzzz",
};

/* The list in use: the built-in one, or one loaded from a file. */
static struct {
	const char *const	*words;
	size_t			 nwords;
	char			**loaded;	/* owned, or NULL */
	char			*blob;		/* owned: the file's text */
} common = {
	common_builtin,
	NELEM(common_builtin),
	NULL,
	NULL
};

static int
cmp_key(const void *key, const void *elem)
{

	return strcmp(key, *(const char *const *)elem);
}

static int
cmp_words(const void *a, const void *b)
{

	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether "pw" (<= PASSWD_MAX bytes) is on the common list, ASCII
 * case-insensitively: 1 or 0. */
int
validate_common_has(const char *pw)
{
	char	 low[PASSWD_MAX + 1];
	size_t	 i, len;
	int	 found;

	if ((len = strlen(pw)) > PASSWD_MAX || common.nwords == 0)
		return 0;
	for (i = 0; i <= len; i++)
		low[i] = (char)to_lower((unsigned char)pw[i]);
	found = bsearch(low, common.words, common.nwords,
	    sizeof(common.words[0]), cmp_key) != NULL;
	sodium_memzero(low, len);
	return found;
}

/*
 * Read all of "f" into a new NUL-terminated string.  NULL on read
 * error or out of memory.  The caller frees.
 */
static char *
read_all(FILE *f)
{
	char	*buf = NULL, *nbuf;
	size_t	 len = 0, size = 0, got;

	for (;;) {
		if (size - len < 4096) {
			if (size > SIZE_MAX / 2 ||
			    (nbuf = realloc(buf, size * 2 + 8192)) == NULL)
				goto fail;
			buf = nbuf;
			size = size * 2 + 8192;
		}
		got = fread(buf + len, 1, size - len - 1, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f))
		goto fail;
	buf[len] = '\0';
	return buf;
fail:
	free(buf);
	return NULL;
}

/*
 * Split "blob" into lines in place, lower-case them and collect the
 * non-empty ones into a new sorted array, its length in "*n".  NULL
 * when out of memory.
 */
static char **
split_words(char *blob, size_t *n)
{
	char	**words, *p, *nl;
	size_t	  max = 1, len;

	*n = 0;
	for (p = blob; (p = strchr(p, '\n')) != NULL; p++)
		max++;
	if ((words = calloc(max, sizeof(words[0]))) == NULL)
		return NULL;
	for (p = blob; p != NULL; p = nl) {
		if ((nl = strchr(p, '\n')) != NULL)
			*nl++ = '\0';
		len = strlen(p);
		if (len > 0 && p[len - 1] == '\r')
			p[--len] = '\0';
		if (len == 0)
			continue;
		for (len = 0; p[len] != '\0'; len++)
			p[len] = (char)to_lower((unsigned char)p[len]);
		words[(*n)++] = p;
	}
	qsort(words, *n, sizeof(words[0]), cmp_words);
	return words;
}

/*
 * Use the passwords of file "path", one a line (every non-empty line
 * counts, compared ASCII case-insensitively), instead of the current
 * list.  Returns 0, or -1 if the file cannot be read or memory runs
 * out; the current list stays then.
 */
int
validate_load_common(const char *path)
{
	FILE	 *f = NULL;
	char	 *blob = NULL, **words = NULL;
	size_t	  n;
	int	  rc = -1;

	if (path == NULL || (f = fopen(path, "r")) == NULL)
		goto out;
	if ((blob = read_all(f)) == NULL)
		goto out;
	if ((words = split_words(blob, &n)) == NULL)
		goto out;
	free(common.loaded);
	free(common.blob);
	common.loaded = words;
	common.blob = blob;
	common.words = (const char *const *)words;
	common.nwords = n;
	words = NULL;
	blob = NULL;
	rc = 0;
out:
	if (f != NULL)
		fclose(f);
	free(words);
	free(blob);
	return rc;
}
