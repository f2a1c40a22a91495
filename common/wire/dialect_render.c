/*
 * dialect_render: choose the reply line of an operation, and turn its
 * template and the canonical reply ({"success", "code", "message",
 * "data", "errors"}) into the dialect's body, as a json-c object.  A
 * variable is looked up in data first, then in the envelope.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "dialect_int.h"

/* Produced, left out ("?" and absent), or out of memory. */
#define R_VALUE		1
#define R_OMIT		0
#define R_NOMEM		(-1)

struct rc {
	const struct dialect	*d;
	struct json_object	*env;	/* the canonical reply */
	struct json_object	*data;	/* its data, or NULL */
};

/*
 * The top-level variable "name": 1 with the borrowed value in "*v"
 * (NULL for JSON null), or 0 if the reply has no such key.
 */
static int
get_top(const struct rc *c, const char *name, struct json_object **v)
{
	struct json_object	*errs, *e;

	*v = NULL;
	if (strcmp(name, "data") == 0)
		return json_object_object_get_ex(c->env, "data", v);
	if (strcmp(name, "reason") == 0) {
		if (json_object_object_get_ex(c->env, "errors", &errs) &&
		    json_object_is_type(errs, json_type_object)) {
			json_object_object_foreach(errs, k, ev) {
				(void)k;
				if (json_object_object_get_ex(ev, "msg", &e) &&
				    json_object_is_type(e, json_type_string)) {
					*v = e;
					return 1;
				}
			}
		}
		return json_object_object_get_ex(c->env, "message", v);
	}
	if (c->data != NULL && json_object_object_get_ex(c->data, name, v))
		return 1;
	return json_object_object_get_ex(c->env, name, v);
}

/* The value of the path of "n" in "scope" (an entry) or at the top. */
static int
get_path(const struct rc *c, const struct dialect_node *n,
    struct json_object *scope, struct json_object **v)
{
	size_t	 i;

	*v = NULL;
	if (scope != NULL) {
		if (!json_object_is_type(scope, json_type_object) ||
		    !json_object_object_get_ex(scope, n->path[0], v))
			return 0;
	} else if (!get_top(c, n->path[0], v))
		return 0;
	for (i = 1; i < n->npath; i++)
		if (!json_object_is_type(*v, json_type_object) ||
		    !json_object_object_get_ex(*v, n->path[i], v))
			return 0;
	return 1;
}

/* "1996-01-10" or "2023-09-05T11:12:27Z" into f[6]; -1 if neither. */
static int
parse_time(const char *s, int f[6])
{
	size_t	 i;
	int	 k;

	memset(f, 0, 6 * sizeof(*f));
	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' :
		    !isdigit((unsigned char)s[i]))
			return -1;
	f[0] = atoi(s);
	f[1] = atoi(s + 5);
	f[2] = atoi(s + 8);
	if (s[10] == '\0')
		return 0;
	if (s[10] != 'T' && s[10] != ' ')
		return -1;
	for (i = 11; i < 19; i++)
		if (i == 13 || i == 16 ? s[i] != ':' :
		    !isdigit((unsigned char)s[i]))
			return -1;
	for (k = 0; k < 3; k++)
		f[3 + k] = atoi(s + 11 + 3 * k);
	return 0;
}

/* A new string for "v" after the date format and filter of "n". */
static struct json_object *
transform(const struct dialect *d, const struct dialect_node *n,
    struct json_object *v, int *nomem)
{
	struct json_object	*o = NULL;
	char			 buf[256], *s;
	const char		*src;
	int			 f[6], tod;
	size_t			 i;

	*nomem = 0;
	if (v == NULL)
		return NULL;
	if (n->datefmt != NULL) {
		if (!json_object_is_type(v, json_type_string) ||
		    parse_time(json_object_get_string(v), f) == -1 ||
		    tmpl_datefmt(n->datefmt, f, buf, sizeof(buf), &tod) == -1)
			return NULL;
		src = buf;
	} else if (n->leaf != NULL && n->leaf->renamed &&
	    json_object_is_type(v, json_type_string))
		src = dialect_field_name(d, json_object_get_string(v));
	else if (n->filter == NF_NONE || (n->filter != NF_STRING &&
	    !json_object_is_type(v, json_type_string))) {
		if (json_object_deep_copy(v, &o, NULL) != 0)
			*nomem = 1;
		return o;
	} else if (json_object_is_type(v, json_type_string))
		src = json_object_get_string(v);
	else
		src = json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN);
	if (src == NULL || (s = strdup(src)) == NULL) {
		*nomem = 1;
		return NULL;
	}
	for (i = 0; s[i] != '\0'; i++)
		if (n->filter == NF_UPPER || (n->filter == NF_TITLE && i == 0))
			s[i] = (char)toupper((unsigned char)s[i]);
		else if (n->filter == NF_LOWER)
			s[i] = (char)tolower((unsigned char)s[i]);
	if ((o = json_object_new_string(s)) == NULL)
		*nomem = 1;
	free(s);
	return o;
}

static int	 render_node(const struct rc *, const struct dialect_node *,
		    struct json_object *, struct json_object **);

/*
 * A copy of a field-error map with its keys and each "param" given the
 * dialect's names.
 */
static int
rename_errors(const struct rc *c, struct json_object *errs,
    struct json_object **out)
{
	struct json_object	*copy, *p;

	if ((*out = json_object_new_object()) == NULL)
		return R_NOMEM;
	json_object_object_foreach(errs, k, ev) {
		copy = NULL;
		if (json_object_deep_copy(ev, &copy, NULL) != 0)
			return R_NOMEM;
		if (json_object_object_get_ex(copy, "param", &p) &&
		    json_object_is_type(p, json_type_string) &&
		    json_object_object_add(copy, "param",
		    json_object_new_string(dialect_field_name(c->d,
		    json_object_get_string(p)))) != 0) {
			json_object_put(copy);
			return R_NOMEM;
		}
		if (json_object_object_add(*out, dialect_field_name(c->d, k),
		    copy) != 0) {
			json_object_put(copy);
			return R_NOMEM;
		}
	}
	return R_VALUE;
}

/* $path{ ... } or $path[ ... ]: the body once per entry. */
static int
render_each(const struct rc *c, const struct dialect_node *n,
    struct json_object *coll, struct json_object **out)
{
	struct json_object	*v;
	size_t			 i;
	int			 rc;

	*out = n->each_array ? json_object_new_array() :
	    json_object_new_object();
	if (*out == NULL)
		return R_NOMEM;
	if (json_object_is_type(coll, json_type_array)) {
		for (i = 0; i < json_object_array_length(coll); i++) {
			rc = render_node(c, n->child,
			    json_object_array_get_idx(coll, i), &v);
			if (rc == R_NOMEM)
				return R_NOMEM;
			if (rc == R_VALUE &&
			    json_object_array_add(*out, v) != 0) {
				json_object_put(v);
				return R_NOMEM;
			}
		}
		return R_VALUE;
	}
	json_object_object_foreach(coll, k, ev) {
		if ((rc = render_node(c, n->child, ev, &v)) == R_NOMEM)
			return R_NOMEM;
		if (rc == R_OMIT)
			continue;
		if (n->each_array ? json_object_array_add(*out, v) != 0 :
		    json_object_object_add(*out, n->leaf->renamed ?
		    dialect_field_name(c->d, k) : k, v) != 0) {
			json_object_put(v);
			return R_NOMEM;
		}
	}
	return R_VALUE;
}

/* "text ${path} text" */
static int
render_text(const struct rc *c, const struct dialect_node *n,
    struct json_object *scope, struct json_object **out)
{
	const struct dialect_node *p;
	struct json_object	*v;
	char			*s = NULL;
	const char		*part;
	size_t			 len = 0, k;
	int			 rc;

	for (p = n->child; p != NULL; p = p->next) {
		v = NULL;
		if (p->kind == NK_CONST)
			part = json_object_get_string(p->value);
		else if ((rc = render_node(c, p, scope, &v)) == R_NOMEM) {
			free(s);
			return R_NOMEM;
		} else if (rc == R_OMIT || v == NULL)
			part = "";
		else if (json_object_is_type(v, json_type_string))
			part = json_object_get_string(v);
		else
			part = json_object_to_json_string_ext(v,
			    JSON_C_TO_STRING_PLAIN);
		k = strlen(part);
		char *t = realloc(s, len + k + 1);
		if (t == NULL) {
			json_object_put(v);
			free(s);
			return R_NOMEM;
		}
		s = t;
		memcpy(s + len, part, k + 1);
		len += k;
		json_object_put(v);
	}
	*out = json_object_new_string(s != NULL ? s : "");
	free(s);
	return *out == NULL ? R_NOMEM : R_VALUE;
}

/* Render "n" into "*out" (a new reference; NULL is JSON null). */
static int
render_node(const struct rc *c, const struct dialect_node *n,
    struct json_object *scope, struct json_object **out)
{
	const struct dialect_node *m;
	struct json_object	*v;
	int			 rc, nomem;

	*out = NULL;
	switch (n->kind) {
	case NK_CONST:
		if (n->value == NULL)
			return R_VALUE;
		return json_object_deep_copy(n->value, out, NULL) == 0 ?
		    R_VALUE : R_NOMEM;
	case NK_TEXT:
		return render_text(c, n, scope, out);
	case NK_VAR:
	case NK_EACH:
		if (!get_path(c, n, scope, &v))
			return n->optional ? R_OMIT : R_VALUE;
		if (v == NULL)
			return R_VALUE;
		if (n->kind == NK_EACH) {
			if (!json_object_is_type(v, json_type_object) &&
			    !json_object_is_type(v, json_type_array))
				return R_VALUE;
			return render_each(c, n, v, out);
		}
		if (n->leaf != NULL && n->leaf->type == VT_MAP &&
		    n->leaf->renamed &&
		    json_object_is_type(v, json_type_object))
			return rename_errors(c, v, out);
		*out = transform(c->d, n, v, &nomem);
		return nomem ? R_NOMEM : R_VALUE;
	case NK_OBJECT:
	case NK_ARRAY:
		*out = n->kind == NK_OBJECT ? json_object_new_object() :
		    json_object_new_array();
		if (*out == NULL)
			return R_NOMEM;
		for (m = n->child; m != NULL; m = m->next) {
			if ((rc = render_node(c, m, scope, &v)) == R_NOMEM)
				return R_NOMEM;
			if (rc == R_OMIT)
				continue;
			if (n->kind == NK_OBJECT ?
			    json_object_object_add(*out, m->key, v) != 0 :
			    json_object_array_add(*out, v) != 0) {
				json_object_put(v);
				return R_NOMEM;
			}
		}
		return R_VALUE;
	}
	return R_VALUE;
}

struct json_object *
dialect_render(const struct dialect *d, const struct dialect_reply *rep,
    struct json_object *canonical)
{
	struct rc		 c;
	struct json_object	*out = NULL;

	c.d = d;
	c.env = canonical;
	c.data = NULL;
	if (!json_object_object_get_ex(canonical, "data", &c.data) ||
	    !json_object_is_type(c.data, json_type_object))
		c.data = NULL;
	if (render_node(&c, rep->body, NULL, &out) == R_NOMEM) {
		json_object_put(out);
		return NULL;
	}
	return out;
}

const struct dialect_reply *
dialect_success(const struct dialect *d, enum dialect_op op,
    struct json_object *canonical)
{
	struct rc		 c;
	struct json_object	*v;
	size_t			 i;

	c.d = d;
	c.env = canonical;
	if (!json_object_object_get_ex(canonical, "data", &c.data) ||
	    !json_object_is_type(c.data, json_type_object))
		c.data = NULL;
	for (i = 0; i < d->nreplies; i++) {
		const struct dialect_reply *r = &d->replies[i];

		if (r->op != (int)op)
			continue;
		if (r->when_key == NULL)
			return r;
		if (get_top(&c, r->when_key, &v) &&
		    json_object_is_type(v, json_type_string) &&
		    strcmp(json_object_get_string(v), r->when_value) == 0)
			return r;
	}
	return NULL;
}

const struct dialect_reply *
dialect_failure(const struct dialect *d, enum dialect_op op,
    const char *code)
{
	const struct dialect_reply *best = NULL;
	int			 rank, best_rank = 0;
	size_t			 i;

	for (i = 0; i < d->nerrors; i++) {
		const struct dialect_reply *r = &d->errors[i];

		if ((r->op != DIALECT_ANY && r->op != (int)op) ||
		    (r->code != NULL && (code == NULL ||
		    strcmp(r->code, code) != 0)))
			continue;
		rank = (r->op != DIALECT_ANY) * 2 + (r->code != NULL) + 1;
		if (rank > best_rank) {
			best = r;
			best_rank = rank;
		}
	}
	return best;
}
