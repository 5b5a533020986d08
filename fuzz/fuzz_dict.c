/* fuzz_dict.c: any bytes as each kind of PETRARCH dictionary file (verbs in either
** dialect, actors, agents, discards, issues) next to small valid ones. A load
** either succeeds or fails with "file:line: ..." -- never a crash or a leak; a
** dictionary that loads must code a parsed sentence. */
#include "coder.h"
#include "fuzz_code.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FIX "tests/fixtures/dict/"

static const char *tmp_path(void)
{
  static char path[128];
  if (!path[0]) snprintf(path, sizeof path, "/tmp/annals-fuzz-dict-%d.txt", (int)getpid());
  return path;
}

int fuzz_dict_one(const uint8_t *data, size_t size);
int fuzz_dict_one(const uint8_t *data, size_t size)
{
  const char *path = tmp_path();
  int kind;
  FILE *fp = fopen(path, "wb");
  if (!fp) return 0;
  fwrite(data, 1, size, fp);
  fclose(fp);
  for (kind = 0; kind < 5; kind++) {
    const char *actors[1];
    an_dict_files f;
    an_mem mem;
    an_err err;
    an_dict *d = NULL;
    memset(&f, 0, sizeof f);
    f.verbs = kind == 0 ? path : FIX "p1.verbs.txt";
    actors[0] = kind == 1 ? path : FIX "p1.actors.txt";
    f.actors = actors;
    f.n_actors = 1;
    f.agents = kind == 2 ? path : FIX "p1.agents.txt";
    f.discards = kind == 3 ? path : FIX "p1.discards.txt";
    f.issues = kind == 4 ? path : FIX "p1.issues.txt";
    an_mem_init(&mem, NULL, NULL);
    err.msg[0] = '\0';
    if (an_dict_load(&mem, &f, &d, &err) == ANNALS_OK) {
      fuzz_code_one(d);
      an_dict_free(d);
    } else if (!strchr(err.msg, ':')) {
      abort();                            /* a refusal names file and line */
    }
  }
  unlink(path);
  return 0;
}

#ifndef ANNALS_FUZZ_REPLAY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_dict_one(data, size); }
#endif
