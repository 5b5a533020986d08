/* error.c: status names and the detail message kept beside a status code. */
#include "annals_int.h"

#include <stdio.h>
#include <string.h>

const char *annals_status_str(annals_status rc)
{
  switch (rc) {
  case ANNALS_OK: return "ok";
  case ANNALS_ENOMEM: return "out of memory";
  case ANNALS_EIO: return "input/output error";
  case ANNALS_EFORMAT: return "malformed data";
  case ANNALS_EVERSION: return "unsupported version";
  case ANNALS_ELIMIT: return "limit exceeded";
  case ANNALS_EMISUSE: return "API misuse";
  }
  return "unknown status";
}

const char *annals_version(void) { return ANNALS_VERSION; }

annals_status an_err_set(an_err *e, annals_status rc, const char *fmt, ...)
{
  va_list ap;
  if (!e) return rc;
  e->rc = rc;
  va_start(ap, fmt);
  vsnprintf(e->msg, sizeof e->msg, fmt, ap);
  va_end(ap);
  return rc;
}

annals_status an_err_io(an_err *e, const char *path, int errnum)
{
  return an_err_set(e, ANNALS_EIO, "%s: %s", path ? path : "-", strerror(errnum));
}
