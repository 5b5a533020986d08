/* fuzz_dict_own.c: any bytes as an annals dictionary file (docs/dictionaries.md) of
** each kind, loaded and linted. A load either succeeds or fails with "file:line: ..."
** -- never a crash or a leak; a dictionary that loads must code a parsed sentence.
** The first byte picks the kind and whether a valid header line is put in front, so
** that mutations reach the entries. */
#include "coder.h"
#include "fuzz_code.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int fuzz_dict_own_one(const uint8_t *data, size_t size);
int fuzz_dict_own_one(const uint8_t *data, size_t size)
{
  static const char *const kinds[] = { "actors", "agents", "verbs", "discards" };
  char dir[128], path[192];
  int kind, pass;
  FILE *fp;
  if (!size) return 0;
  kind = data[0] & 3;
  snprintf(dir, sizeof dir, "/tmp/annals-fuzz-own-%d", (int)getpid());
  mkdir(dir, 0700);
  snprintf(path, sizeof path, "%s/x.%s", dir, kinds[kind]);
  if (!(fp = fopen(path, "wb"))) return 0;
  if (!(data[0] & 4)) fprintf(fp, "annals-dict 1 %s\n", kinds[kind]);
  fwrite(data + 1, 1, size - 1, fp);
  fclose(fp);
  for (pass = 0; pass < 2; pass++) {
    an_own_opts o;
    an_mem mem;
    an_err err;
    an_dict *d = NULL;
    annals_status rc;
    memset(&o, 0, sizeof o);
    o.check = pass;
    an_mem_init(&mem, NULL, NULL);
    err.msg[0] = '\0';
    rc = an_dict_load_own(&mem, dir, &o, &d, &err);
    if (rc == ANNALS_OK) {
      if (!d) abort();
      fuzz_code_one(d);
      an_dict_free(d);
    } else if (d || (rc == ANNALS_EFORMAT && !pass && !strchr(err.msg, ':'))) {
      abort();                            /* a refusal names file and line, and keeps nothing */
    }
  }
  unlink(path);
  rmdir(dir);
  return 0;
}

#ifndef ANNALS_FUZZ_REPLAY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_dict_own_one(data, size); }
#endif
