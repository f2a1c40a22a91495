/*
 * jsonkey: members under literal keys, added without json-c copying
 * the key (a malloc and a strlen per member) or looking for it first.
 */
#ifndef FCAUTH_JSONKEY_H
#define FCAUTH_JSONKEY_H

#include <json-c/json.h>

/*
 * Add "v" to object "o" under "key", which must be a string literal
 * (json-c keeps the pointer; the "" key "" refuses anything else at
 * compile time) not yet in "o".  json-c takes "v"; NULL is JSON null.
 */
#define JSON_ADD(o, key, v) \
	json_object_object_add_ex((o), "" key "", (v), \
	    JSON_C_OBJECT_ADD_KEY_IS_NEW | JSON_C_OBJECT_ADD_CONSTANT_KEY)

#endif /* FCAUTH_JSONKEY_H */
